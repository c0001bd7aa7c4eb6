"""The input channels: REST, Socket.IO, LINE and the web chat page."""
