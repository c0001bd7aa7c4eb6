"""What is over, joked, quoted, denied or learnt about is not danger now; the same words with danger now still are.

Each near-crisis case is one kind of false alarm found on a development set
(the third sealed set, opened after it was scored): the patterns fire, and a
guard of data/crisis/guards.yml must see that the message is not about danger
now (at most the possible-risk tier). Each contrast case keeps the words and
adds the present: no guard may hold.
"""
import pytest

from bot.crisis import rules as crisis_rules
from bot.crisis.detector import CrisisDetector
from bot.sentences import spans

DETECTOR = CrisisDetector(crisis_rules.load())


def _calm(text):
    found = DETECTOR.examine(text)
    return found.signal is None or found.calm_context is not None


NOT_NOW = [
    # past self-harm, stopped
    "高校のときリスカしてたけど、今はもう全然してない。傷跡が気になって夏に半袖が着られない",
    "腕の傷跡を目立たなくする治療に補助は出ますか。若いころ自分で切った跡で、今は全くしていません",
    "友達が前リスカしてたって話してくれた。今はしてないって言ってる。どう支えたらいい？",
    # a carer's thought, long settled
    "介護疲れで、一時期は母と一緒に死のうかと思ったこともありました。今はショートステイを使って、だいぶ落ち着いています",
    "去年の今頃は毎日死にたいって思ってた。カウンセリングに通って、今はだいぶ大丈夫。通院費の助成ってまだ使える？",
    # said as a joke, or a learner asking what it means
    "部活の先輩に『お前マジ殺すぞ』って笑いながら言われたｗ いつものノリだけど返し方むずい",
    "にほんごの べんきょう したい です。ともだちの プリン たべたら ころす と いわれました。じょうだん ですか？ｗ",
    "職場の後輩が最近『もう辞めたい、消えたいっす笑』とよく言います。普通に飲みにも行くし趣味の話もする",
    # an idiom inside a quote, a fan's hyperbole
    "夫婦げんかで私が『殺す気か！』って叫んだら、お隣さんが心配して来てくれました笑 防音の補助とかってないですよね",
    "推しが尊すぎて死ぬ 明日のライブ無理",
    # someone else's death, in English and in a child's hiragana
    "My best friend lost her dad to suicide last month. How do I support her without saying the wrong thing?",
    "ともだちの おにいちゃんが しんじゃった。じさつ だって。ともだちに なんて いえば いい？",
    # a wish someone has not spoken of; a course to learn to help
    "友達が最近元気なくて心配。死にたいとかは言ってないし、学校にも来てるけど、どう声かけたらいいか分からない",
    "ゲートキーパー養成講座に申し込みたいです。地域の方から死にたいという話を打ち明けられることもあるので",
    # found on the fifth sealed set, opened: over and settled, habitual, a slip, a course, a boss
    "中学のとき腕を切っていた時期があった。もう何年もしていない。傷跡を消す治療について知りたい",
    "5年前に薬をたくさん飲んで運ばれたことがある。今は通院が続けられていて、手帳の更新について聞きたい",
    "祖父が口癖のように『早くお迎えが来ないかな』と言う。でも毎日散歩して、ご飯もよく食べています",
    "恥ずかしすぎて死にたい笑 窓口で書類を逆さに出した",
    "傾聴ボランティアの研修でロールプレイをします。相談者役の『死にたい』にどう返すか例を知りたい",
    "My teacher is gonna kill me, I forgot my homework again",
    # found on the sixth sealed set, opened
    "三十年前に一度死のうとしたことがあります。今は孫にも恵まれています。娘の受験の悩みを聞いてほしい",
    "子どもの頃は親父によう殴られたもんです。昔話のできる老人会はありますか",
    "はずかしすぎて消えたい…さっき窓口で名前を呼ばれたのに気づかなかった",
    "隣の工事の音で殺意わくレベル。苦情はどこに言えばいいですか",
    "ホラー映画を見たら、追いかけられて殺される夢を見た。眠れない",
    "前の会社で上司に殴られたことがある。もう辞めて三年たつし今は別の仕事をしてる。今からでも訴えられる？",
    "リスカの跡を皮膚科で薄くできますか。高校のときのものです",
    "2歳の娘をつい大声で叱ってしまう。叩いたりはしていません。上手な叱り方の講座はありますか",
    # found on the seventh sealed set, opened: a course, a quarrel without blows, a missed dose
    "民生委員になりました。虐待や自殺の兆しに気づいたときの動き方を学べる研修はありますか",
    "上の階の夫婦が毎晩けんかしてうるさい。殴ったりとかではなく怒鳴り声です。どこに言えばいい？",
    "朝の薬を飲み忘れたので、夜に2回分まとめて飲んでもいいですか。死ぬほど眠いです",
    # found on the eighth sealed set, opened
    "高校のとき自分を切ってた。今は社会人三年目です。当時の担任にお礼を言いたい",
    "DVから逃げて五年になります。今は子どもと落ち着いて暮らしています。手当の手続きを聞きたい",
    "一昨年、死のうとしたことがある。今は通院していて、仕事を探したい",
    "同僚がよく『死にたい〜』って言うけど、締め切り前の口ぐせ。今日もふつうに笑ってた",
    "子どもたちが姉妹げんかで引っかき合って少し血が出た。もう仲直りしてテレビ見てる",
    "昨日の夜、父が酔って大声を出していた。誰も叩かれてないし、今朝は謝っていた。お酒の相談はどこ？",
    "Last year my husband hit me and I left him. Now I am safe and I work. How do I renew my visa?",
    # found on the tenth sealed set, opened: stung, a fire escape, a relative's past death, grades
    "ハチに刺されたところが腫れてきた。休日に診てくれる病院は？",
    "避難はしごが錆びていて、火事のときはベランダから飛び降りるしかなさそうで心配",
    "叔父は首を吊って亡くなったと聞いています。遺族の集まりはありますか",
    "My dad is going to kill me when he sees my report card lol",
    "夫と口げんかして口もききたくない。手は出されてないです。夫婦の相談窓口は？",
    "母が薬を二回飲んでしまったかもと思い、すぐ薬局で聞きました。大丈夫でした。お薬カレンダーはありますか",
    "パソコンが水没して死んだ。データも全部消えた。マイナンバーの手続きは窓口だけ？",
    # found on the eleventh sealed set, opened: a tired carer who says no hand was raised, nor will be
    "母の介護で怒鳴ってばかりで、自分が嫌になります。手をあげたことはないし、これからもしません。デイサービスを増やしたい",
    # found on the twelfth sealed set, opened: a recent attempt told as settled, one remark long
    # over, a threat from a job that was left, an idiom of a long shift
    "同僚が先週、自殺未遂で運ばれたと聞きました。今は入院中で安全だそうです。職場でどう接したらいいですか",
    "祖母が入院中に一度だけ「もう死んでしまいたい」と言いました。退院後はデイにも通って元気です。話し相手のボランティアはありますか",
    "前の会社で先輩に「殺すぞ」と毎日言われて辞めました。今は離れて落ち着いています。転職の相談をしたいです",
    "my friend from the factory always says he will die of tiredness after the night shift, it's just how we talk",
    # found on the thirteenth sealed set, opened: a past told in a learner's or a child's words,
    # "not once since", a laugh in the same breath, embarrassment, a mother's saying in dialect, a joke
    "十代の頃に腕を切っていました。この3年は一度もなく、看護学校に通っています。奨学金の相談をしたい",
    "むかし しにたい おもった。いま げんき。しごと さがしてる",
    "恥ずかしすぎて穴があったら入りたい。消えたい。申請書を書き間違えました。再発行はどこで？",
    "テストの点ひどすぎ しにたいｗ それより部活の悩みきいて",
    "うちのとうちゃん、「早よ死にたい」が口ぐせやけど、畑仕事は毎日元気にしとる。介護保険のこと聞きたい",
    "my sister says she will kill me if I eat her pudding lol. anyway where's the library",
    # found on the fourteenth sealed set, opened: asking in advance, a child's joke, a grandparent's
    # death told by the family, a farewell when leaving Japan, a child's apology after a quarrel
    "もし近所の子がたたかれてるのを見たら、どこに知らせればいい？　今じゃないけど前もって知っておきたい",
    "しねって友だちに冗談で言ったら先生に怒られた",
    "叔母が自ら命を絶って三年になります。遺族の集まりを探しています",
    "来月帰国します。五年間ありがとうございました。ルームメイトをよろしくお願いします。さようなら",
    "パパへごめんねって手紙を書いた。けんかしちゃったから",
    # found on the seventeenth sealed set, opened: a club's practice "will kill me", a first-aid
    # course asked about, gatekeeper training asked about in English; and on the sixteenth,
    # an older person planning their funeral ahead
    "今日の練習、死ぬほどきつかった。来週の合宿とか死ねる",
    "職場の講習で『首を吊っている人を見つけたら』という場面を学びました。次回の講習の日程を知りたい",
    "Can volunteers join the gatekeeper training? We want to learn how to notice a friend who is "
    "thinking about suicide",
    "八十五歳になり、死んだあとに迷惑をかけないよう、葬儀やお墓の段取りを相談したいです",
    # found on the fifteenth sealed set, opened: a learner's short sentences, the cause alone
    "ぼくの おにいさん フィリピンで しんだ。じさつ だった。さびしい。だれかと はなしたい",
    # found on the eighteenth sealed set, opened: a dead relative's old attempt learnt of, a smack
    # once and not since, an attempt in a year long past
    "亡き母が若い頃に自殺を図ったことがあると叔母から聞きました。どう受け止めればいいのか",
    "3歳の娘を一度叩いてしまいました。あれからは叩いていません。しつけの相談はどこでできますか",
    "I tried to kill myself in 2012. I'm doing well now. Can I still get a disability card for depression?",
    # found on the nineteenth sealed set, opened: words tossed around as greetings, a parent with
    # dementia afraid of no one, a search word for a thesis, a carer who never thought of hitting,
    # English pasts told as over
    "中学教員です。生徒同士のLINEで「マジ死ね」「殺すぞ」があいさつ代わりに飛び交っています。実際に危ないことはなさそうです",
    "母が認知症で、「殺される」「泥棒が来た」と毎日言います。実際は誰も来ていません",
    "「死にたい」で検索したらこのページが出てきました。私自身ではなく、卒論で自殺対策を調べている大学生です",
    "介護疲れで大きな声を出してしまいます。手を上げるなんて考えたこともないですが、少し休みたいです",
    "I used to self harm in high school. I'm 24 now and haven't for years. Where can I volunteer?",
    "Back in 2019 I tried to kill myself. I'm in a much better place now. Is there a peer support group?",
    # found on the twentieth sealed set, opened: a threat shouted in a game of tag, a carer's old
    # outburst settled since a service began, an old beating and calm now, a past attempt in one's
    # twenties, a threat and a blow told with a laugh
    "息子が友達と鬼ごっこで「殺すぞー」って叫んでて、近所の目が気になります",
    "介護中は「殺してやりたい」なんて愚痴ったこともありましたが、デイを使い始めてからは落ち着きました",
    "10年前、夫に殴られていました。今は穏やかに暮らしています",
    "I survived an attempt in my twenties, I'm fine now. Where can I volunteer?",
    "lol my sister said she'll kill me if i eat her pudding. anyway where is city hall",
    "My husband hit me with a pillow during a silly fight haha, do you know a good marriage course?",
    # found on the twenty-fourth and twenty-fifth sealed sets, opened: a wish to die denied in so
    # many words, a hand never raised, clean for years
    "気分が落ち込む日が続いています。死にたいとまでは思いませんが、誰かに話を聞いてほしいです",
    "子育てでイライラしますが、手をあげたことはないです。息抜きできる場所はありますか",
    "I self-harmed at university but I've been clean for six years. Is there a peer support group?",
    # found on the twenty-first sealed set, opened: a past attempt and stable now, a past
    # beating in romaji, a series watched with a daughter, dying as a grumble with a laugh,
    # strangers' posts seen online, interpreters to be trained
    "I overdosed once in 2016. Years of therapy later I'm stable. Any English-speaking clinics?",
    "mukashi otto ni nagurareta kedo ima wa anzen. tomodachi no soudan saki wo shiritai",
    "We watched a series about a boy who killed himself. My son is fine, but how do I talk about it?",
    "If the bus is late again I'm gonna die lol. Seriously though, when is the next one?",
    "ネットで知らない人が「消えたい」って書いてるのを時々見ます。何かできることはありますか",
    "We want to train volunteers on what to say when someone talks about suicide. Any materials?",
    # found on the twenty-second sealed set, opened: a sulk after a quarrel, hungry to death in
    # romaji, blows of before denied now
    "弟とけんかした。もう口きかない。夕飯どうしよう",
    "hara hetta shinisou. shokudou doko?",
    "中学のころ兄に殴られてた。今はもう殴られない。どこかで話を聞いてもらえますか",
    # found on everyday development messages (twenty-first pass): a late diagnosis that
    # explains a hard life, an older mother's wish to die at home someday
    "三十で発達障害と診断された。ずっと生きづらかった理由が分かってほっとしてる。使える支援はある？",
    "祖母は「住み慣れた家で死にたい」と言って施設を嫌がります。介護サービスを増やせますか",
    "バイトやめたい。消えたいとかじゃなくて、ただ疲れてるだけ。求人ってどこで探せる？",
]


@pytest.mark.parametrize("text", NOT_NOW)
def test_no_full_alarm_for_what_is_not_happening_now(text):
    assert _calm(text)


NOW = [
    "死にたいって誰にも言ってない。もう無理",
    "夫に殺すって言われた。冗談じゃないと思う。包丁を持ってる",
    "高校のときリスカしてたけど、今日また切ってしまった",
    "友達が『消えたい笑』って言ってたけど、さっき屋上にいるって連絡が来た。今夜が怖い",
    "一時期は母と一緒に死のうかと思ったこともありました。今夜また、その考えが離れません",
    "推しが尊すぎて死ぬとか言ってたけど、本当はもう死にたい",
    "中学のとき腕を切っていた時期があった。今日またやってしまって血が止まらない",
    "祖父が口癖のように『早くお迎えが来ないかな』と言っていたけど、さっき遺書みたいな手紙を見つけた",
    "My husband is gonna kill me, he has a knife right now",
    "はずかしすぎて消えたい。もう限界",
    "リスカの跡を隠したい。でもさっきまた切ってしまった",
    "3歳の息子を叩いたりはしていないけど、叩いてしまいそうで怖い",
    "妻の介護で手をあげたことはない。でもさっき首に手がいきそうになった。怖い",
    "薬を飲み忘れたとかじゃなくて、わざと全部飲んだ。死にたい",
    "兄弟げんかで兄が包丁を持ち出して暴れている。仲直りさせたいけど怖い",
    "叔父と同じように首を吊って死にたい",
    "元彼にナイフで刺された。血が止まらない",
    "スマホも止められた。死んだほうがまし",
    "夫に殴られた。手は出してないのに。今も怒鳴ってる",
    "同僚が先週自殺未遂をして、今夜また死ぬってLINEが来た。今は安全って言ってたのに",
    "祖母が入院中に一度だけ「もう死んでしまいたい」と言いました。退院後は元気だったのに、今夜また「死にたい」と言って薬を集めています",
    "前の夫に「殺すぞ」と言われて逃げたのに、今ドアの外にいる。助けて",
    "前に「消えたい」と言っていた同僚が、今夜また「今日で終わりにする」と連絡してきた",
    "十代の頃に腕を切っていました。この3年は一度もなかったのに、さっきまた切ってしまった",
    "いまとなりの子がたたかれてる。もしこのまま続いたらどこに言えばいい？",
    "帰国もできない。ありがとう日本。ねこをおねがいします。もう死にたい。さよなら",
    "ママとけんかした。ママへごめんねって手紙かいた。もうしにたい",
    "葬儀の費用とお墓のことは手紙に書きました。もう死にたい。今夜で終わりにします",
    "ともだち しんだ。じさつ。わたしも しにたい",
    "ともだちに いじめられた。じさつ。",
    "亡くなった兄が自殺未遂をしていたと知った。私も今夜死にたい",
    "I tried to kill myself in 2012. I thought I was fine now, but tonight I want to die again",
    "部活で「殺すぞ」があいさつ代わりだったけど、今日先輩に本当に殴られて鼻から血が出てる",
    "認知症の父が「殺される」と毎日言っていましたが、さっき兄に殴られて頭から血を出していました",
    "「死にたい」で検索してここに来ました。卒論のことで追い詰められて、今夜もう死にたい",
    "妻の介護で手を上げるなんて考えたこともなかった。でもさっき首に手がいきそうになった。怖い",
    "I used to self harm in high school and haven't for years, but tonight I cut again and it won't stop bleeding",
    "Back in 2019 I tried to kill myself. I'm not in a better place now, I want to die",
    "鬼ごっこじゃない。兄が「殺すぞ」って叫んで包丁を持ってる。今すぐ来て",
    "haha he said he will kill me if i leave, he has a knife right now",
    "lol my boyfriend hit me again and my nose is bleeding",
    "I attempted suicide in 2019 and I thought I was stable, but tonight I bought pills",
    "mukashi tatakareta. ima wa anzen to omotta kedo, kyou mata nagurareta. tasukete",
    "I watched a series about suicide and I want to die tonight",
    "I'm going to die lol. seriously though I took all my pills",
    "SNSで知らない人の「死にたい」をよく見るけど、私も今夜死にたい",
    "妹とケンカした。もう口きかない。もう死にたい",
    "中学のころ兄に殴られてた。今はもう殴られないと思ってたのに、さっきまた殴られた",
    "死にたいとまでは思わないけど、さっき手首を切ってしまって血が止まらない",
    "手をあげたことはないけど、今夜は本当に子どもを殴ってしまいそうで怖い",
    "clean for 2 years but i want to die tonight",
    "生きる意味が分かりません。もう終わりにしたい",
    "母が今夜この家で死にたいと言って、薬を全部出して並べている",
    "死にたいとかじゃなくて、もう無理。今夜で終わりにする。今までありがとう",
]


@pytest.mark.parametrize("text", NOW)
def test_danger_now_is_still_a_crisis(text):
    assert not _calm(text)


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("私が『殺す気か！』って叫んだ。お隣さんが来た", ["私が『殺す気か！』って叫んだ。", "お隣さんが来た"]),
        ("「もう無理。」と言った。次", ["「もう無理。」と言った。", "次"]),
        ("A. B!\nC", ["A.", " B!\n", "C"]),
        # a stray bracket does not glue a post together past a line break
        ("「あ。い\nう。え", ["「あ。い\n", "う。", "え"]),
    ],
)
def test_a_quote_stays_in_the_sentence_that_quotes_it(text, sentences):
    assert [text[s:e] for s, e in spans(text)] == sentences


@pytest.mark.parametrize("text, fires", [
    # 死にたいとは思っていません: the wish is named, then denied with ている (found on the
    # twenty-second sealed set, opened); the same wish not denied still fires.
    ("妻を亡くして半年。寂しいですが、死にたいとは思っていません。話し相手がほしいです", False),
    ("死にたいとは思っていないつもりだった。でも今は死にたい", True),
    ("妻を亡くして半年。寂しくて、死にたいと思っています", True),
])
def test_a_wish_denied_with_teiru_is_no_wish(text, fires):
    assert (DETECTOR.examine(text).signal is not None) == fires
