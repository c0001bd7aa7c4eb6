"""The crisis kinds: the one declaration that patterns, model, routes and hotlines share.

A kind says what is happening, and so which reply and which numbers come
first (data/crisis/routes.yml): 119 when self-harm is done, #8891 for sexual
violence, 189 for a child, words of support for a parent who fears they
will hurt their child.
"""
KINDS = (
    "suicide",  # a wish to die now, a plan, a goodbye
    "self_harm",  # self-harm just done or going on, pills taken
    "violence_now",  # violence against an adult now, an injury now
    "sexual_violence",  # a sexual assault now or just now
    "child_danger",  # a child in danger now
    "fear_of_harming_child",  # a parent afraid they will hurt their child
    "carer_fear",  # a carer afraid of harming the person they care for
)
TIERS = ("crisis", "possible")
# The concern a kind counts as where only concerns are read: the benchmarks'
# baselines (benchmarks/measure_understanding.py) know no kinds, and an FAQ bot
# would show these windows. The navigator's own routing is data/crisis/routes.yml.
CONCERN_OF_KIND = {"suicide": "mental_health", "violence_now": "dv", "child_danger": "abuse"}
