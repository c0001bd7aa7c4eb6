"""Crises told in ways the patterns missed, each kind found on a sealed set once it was opened.

The sentences are our own paraphrases, not the sets' messages: each pins one
generalised pattern of data/crisis/patterns.yml (kind and trigger), so that a
later edit that loses it fails here and not only in the set figures.
"""
import pytest

from bot.crisis import rules as crisis_rules
from bot.crisis.detector import CrisisDetector

DETECTOR = CrisisDetector(crisis_rules.load())

CASES = [
    # a goodbye received by a colleague (今まで is one word for Sudachi)
    ("同僚から「今まで本当にありがとう」ってメッセージが来て、電話に出ない", "suicide", "suicide.edge_and_farewell"),
    # affairs in order, and an end by one's own hand
    ("身辺の整理は済ませました。長い間お世話になりました", "suicide", "suicide.affairs_in_order"),
    ("治療は受けず、自分の手で始末をつけるつもりです", "suicide", "suicide.affairs_in_order"),
    # after an attempt: next time
    ("先月退院しました。次は失敗しないように準備しています", "suicide", "suicide.next_time"),
    # pills found taken by someone else
    ("娘の部屋に空になった薬のシートが散らばっていて、呼んでも返事がぼんやりしてる", "self_harm",
     "self_harm.pills_found"),
    ("my roommate cut himself in the kitchen, there is blood everywhere", "self_harm", "self_harm.english"),
    # sexual violence just now
    ("昨日の夜、気がついたら服を脱がされていた。体が痛い", "sexual_violence", "sexual.assault_now"),
    ("my manager comes to my room at night and forces me, tonight again", "sexual_violence", "sexual.assault_now"),
    # held in
    ("帰りたいと言ったのに部屋の鍵をかけられた", "violence_now", "violence.held_in"),
    # a witness sees fresh marks and fear (three sentences)
    ("担任している児童のことです。腕に新しいあざがいくつもありました。家に帰りたくないと泣いています",
     "child_danger", "child.marks_and_fear"),
    ("A girl in my class, 7 years old, said her mother holds her head under the water", "child_danger",
     "child.head_under_water"),
    ("the boy next door, 5 years old, his uncle locked him in the storage room since yesterday", "child_danger",
     "child.english"),
    # a carer: the two of us, mercy, what I might do next
    ("寝たきりの夫を看ています。もう二人で逝こうかと思う", "carer_fear", "carer.take_along"),
    ("認知症の母の介護。楽にしてやりたいと思ってしまう", "carer_fear", "carer.fear_of_harm"),
    ("難病の妻の介護で眠れない。次は何をするか分からない", "carer_fear", "carer.fear_of_harm"),
    ("父の介護で限界。首をしめたくなった", "carer_fear", "carer.fear_of_harm"),
    # found on the seventh sealed set, opened
    ("もうけりをつけることにした。荷物は全部片付けた", "suicide", "suicide.disappear_resolve"),
    ("給料も貯金もなくなった。もう疲れた。消えます。ありがとう", "suicide", "suicide.disappear_resolve"),
    ("家族の重荷になりたくないので、自分で幕を引くつもりです", "suicide", "suicide.affairs_in_order"),
    ("親に手紙を書いた。銀行のパスワードもメモして机に置いてある", "suicide", "suicide.affairs_in_order"),
    ("介護が続いて、夫より先に逝きたいと思う", "suicide", "suicide.wish_to_die"),
    ("寝たきりの妻の世話をしながら、いっそ楽にしてやろうかと考える", "carer_fear", "carer.fear_of_harm"),
    ("A man is kicking a little girl at the station right now", "child_danger", "child.english"),
    # found on the eighth sealed set, opened
    ("大事にしてたものは全部後輩にあげた。もういらないし", "suicide", "suicide.giving_away"),
    ("彼女のSNSに「みんなありがとう、さよなら」って投稿があった", "suicide", "suicide.edge_and_farewell"),
    ("腕の傷がぱっくり開いて血が止まらない", "self_harm", "self_harm.wound_now"),
    ("預かった甥(6歳)の腕にたばこのやけどの跡がある。今夜帰していいのか", "child_danger", "child.marks_and_fear"),
    ("障害のある娘を残して逝けない。連れて行くしかないと思う", "carer_fear", "carer.fear_of_harm"),
    # found on the ninth and tenth sealed sets, opened
    ("認知症の父を看ています。夜中に騒ぐ父の口を手でふさいでしまった", "carer_fear", "carer.fear_of_harm"),
    ("母の介護で怒鳴ってばかり。もう自分を信じられない", "carer_fear", "carer.fear_of_harm"),
    ("夫の介護をしています。呼吸器を外せば二人とも楽になるのかと考える", "carer_fear", "carer.fear_of_harm"),
    ("医療的ケアの息子と二人。一緒に海へ行けば全部終わるのかな", "carer_fear", "carer.take_along"),
    ("年金では薬代も払えない。迷惑をかけたくないので橋まで来ました", "suicide", "suicide.edge_and_farewell"),
    ("ネットで一緒に死ねる人を見つけた。今夜会う", "suicide", "suicide.plan_made"),
    ("もう疲れた。今から出かける。探さないでください", "suicide", "suicide.plan_made"),
    ("借金は、俺がいなくなれば保険で片付く", "suicide", "suicide.insurance"),
    ("my sister is at a bar, a man keeps touching her and she can't leave", "sexual_violence",
     "sexual.held_english"),
    ("さっきカッターで太ももを切った。血が止まらない", "self_harm", "self_harm.again"),
    ("通帳も印鑑も弟に送った。あとは自分だけ", "suicide", "suicide.affairs_in_order"),
    ("ゲームも漫画もぜんぶ弟にあげた。もういらない", "suicide", "suicide.giving_away"),
    # found on the eleventh sealed set, opened: a direction, a cord, a railing, an easy end
    ("祖母が「踏切の方へ行ってくる」と言って出ていった", "suicide", "suicide.towards_the_tracks"),
    ("Grandpa said he is going to walk to the tracks and put his shoes on", "suicide",
     "suicide.towards_the_tracks"),
    ("叔父が納屋の鴨居にひもを掛けているのを見た", "suicide", "suicide.tying_a_cord"),
    ("妹が屋上の柵を乗り越えようとしてる", "suicide", "suicide.over_the_railing"),
    ("どうすれば痛くなく消えられる？", "suicide", "suicide.asking_for_an_easy_end"),
    ("認知症の夫の世話にもう疲れた。ふたりであの世へ行こうかな", "carer_fear", "carer.take_along"),
    ("my neighbour's little boy is tied to a bed in their flat", "child_danger", "child.english"),
    # found on the twelfth sealed set, opened: past the fence, "the two of us, rather", not coming back
    ("崖の柵の外側に立っています。足がすくんで動けない", "suicide", "suicide.over_the_railing"),
    ("八十を過ぎて、寝たきりの夫の世話も四年。ふたりでいっそ、と考えてしまう夜がある", "carer_fear",
     "carer.take_along"),
    ("無職のまま親に迷惑をかけ続けてきました。今晩、家族が寝たら出ていきます。もう帰らないつもりです", "suicide",
     "suicide.not_coming_back"),
    ("I'm leaving tonight and I'm not coming back. Sorry to my parents.", "suicide", "suicide.not_coming_back"),
    # found on the eleventh sealed set, seventh pass: strangling going on, hitting in dialect
    ("父が酔って兄の首をしめてる。止められない", "violence_now", "violence.strangled"),
    ("じいちゃがばあちゃを殴っでら。ばあちゃ倒れで動がね", "violence_now", "violence.dialect_now"),
    # found on the thirteenth sealed set, opened: romaji, hiragana, two words, a scald, a machine
    ("boku mou shinitai. ima eki no homu ni iru", "suicide", "suicide.romaji"),
    ("いまから飛ぶ！", "suicide", "suicide.jump_now"),
    ("また りすか しちゃった ちがとまらない", "self_harm", "self_harm.romaji_or_kana"),
    ("sakki te o kitte shimatta, chi ga tomaranai", "self_harm", "self_harm.romaji_or_kana"),
    ("ima otousan ga haha o tataite iru. kowai", "violence_now", "violence.romaji"),
    ("ねっとうをかけられた うでがいたい", "child_danger", "child.scalded"),
    ("寝たきりの父を介護する母が「この呼吸器を外してあげたら、お父さんも楽になるのに」と言った。今夜は二人だけ",
     "carer_fear", "carer.fear_of_harm"),
    # found on the fourteenth sealed set, opened: the means kept in hiragana, a goodbye that
    # entrusts a pet, a note with nowhere to put it, a search for how to die, romaji
    ("れんたん かってきた　きょうやる", "suicide", "suicide.means_bought"),
    ("ありがとうございました。インコのピーちゃんを誰かおねがいします。さようなら", "suicide", "suicide.last_goodbye"),
    ("おかあさんへ　さよなら　って手紙かいた", "suicide", "suicide.note_to_family"),
    ("娘のスマホに「死に方」の検索が残っていた。昨夜から帰ってこない", "suicide", "suicide.searched_how_to_die"),
    ("Ue no heya no ko, 6sai, ima beranda de naiteru. Kagi shimeta mama oya ga dekaketa", "child_danger",
     "child.romaji"),
    ("Musuko ga naki yamanai. Mou sukoshi de tataki sou ni natta", "fear_of_harming_child",
     "child.fear_of_hurting_romaji"),
    ("My boyfriend punched me in the face. My nose is bleeding and he is still in the house", "violence_now",
     "violence.english_injury"),
    # found on the seventeenth sealed set, opened: a small child's accident, a child taken, a fight
    # that left someone bleeding, self-harm in English now, a jump told in romaji, broken English
    ("2歳の娘がさっき磁石のおもちゃを飲み込んだかもしれない", "child_danger", "child.accident_now"),
    ("用水路に小さい男の子が落ちて流されてる、周りに誰もいない", "child_danger", "child.accident_now"),
    ("My toddler just swallowed one of my pills, she is crying", "child_danger", "child.accident_now"),
    ("A woman just snatched a little girl from the playground and ran off to a car, the girl was screaming",
     "child_danger", "child.taken_now"),
    ("団地の前で知らない男が小学生を車に連れ去ろうとしてる", "child_danger", "child.taken_now"),
    ("父と兄がけんかして、兄が頭から出血しています。父はまだ怒鳴っている", "violence_now", "violence.bleeding_now"),
    ("I keep scratching my wrist with a pin and it won't stop bleeding", "self_harm", "self_harm.english_now"),
    ("mou ikiteru imi nai. ashita no asa eki kara tobikomu tsumori", "suicide", "suicide.romaji_end"),
    ("My son push me and I fall down. I cannot get up, he is gone", "violence_now", "violence.english_injury"),
    ("my stepdad comes into my bed every night when mom sleeps. he is here again", "sexual_violence",
     "sexual.child_english"),
    # found on the eighteenth sealed set, opened: romaji and English now, a goodbye by the water,
    # an older person's set time, someone found asleep after pills, a swallowed battery
    ("kusuri nomisugita kamo. me ga mawaru", "self_harm", "self_harm.pills_romaji"),
    ("oniichan ga otouto wo nagutteru ima. kowai", "violence_now", "violence.romaji"),
    ("ima kodomo ni te wo ageru sou. tasukete", "fear_of_harming_child", "child.fear_of_hurting_romaji"),
    ("my cousin wrote see you never in the family chat, her location shows the railway bridge", "suicide",
     "suicide.goodbye_post_english"),
    ("My husband died last year. I have put my affairs in order and tonight I will sleep and not wake up",
     "suicide", "suicide.affairs_english"),
    ("おじいちゃん くすり たくさん のんで よんでも おきない", "self_harm", "self_harm.pills_someone"),
    ("My brother with dementia swallowed two batteries a few minutes ago, what should we do", "self_harm",
     "self_harm.swallowed_now"),
    ("My uncle is punching my cousin in the street right now", "violence_now",
     "violence.english_progressive"),
    ("A little boy is climbing over the balcony railing next door and nobody is home", "child_danger",
     "child.accident_now"),
    # found on the nineteenth sealed set, opened: English plans without a death word, a
    # misspelt wish to disappear, a question of how much, a glass thrown, a mother's intrusive
    # thoughts, a carer's fear without an apostrophe, a ventilator
    ("I plan to end things on Sunday so nobody has to worry about me anymore", "suicide", "suicide.english"),
    ("i wanna dissapear forever, nobody would notice", "suicide", "suicide.english"),
    ("how much of my sleeping medicine would it take. for tonight", "suicide",
     "suicide.means_question_english"),
    ("my gf threw a plate at me and my arm is bleeding", "violence_now", "violence.english_injury"),
    ("I keep having thoughts about smothering the baby when she cries at 3am", "fear_of_harming_child",
     "child.fear_of_hurting"),
    ("scared ill hit my dad again, i'm caring for him on my own", "carer_fear", "carer.fear_of_harm"),
    ("I care for my husband and tonight I thought of switching off his ventilator", "carer_fear",
     "carer.fear_of_harm"),
    # found on the twentieth sealed set, opened: a question of how many without "take", a child
    # who swallowed a box of medicine, a brother not breathing, a sister in the river, a group
    # kicking a man on the ground
    ("how many sleeping pills would be enough to never wake up", "suicide", "suicide.means_question_english"),
    ("せきどめ 2はこ のんじゃった　きもちわるい", "self_harm", "self_harm.pills_child"),
    ("あかちゃん いきしてないみたい　ママおきない", "child_danger", "child.not_breathing"),
    ("おとうとが池におちた　たすけて", "child_danger", "child.sibling_in_water"),
    ("two men are beating a guy outside the station, he is bleeding", "violence_now",
     "violence.english_witness"),
    # found on the twenty-first sealed set, opened: a man knocked down and not moving, a
    # toddler who may have drunk bleach, a pupil about to meet an adult met online, a young
    # child not home at night
    ("a guy kicked my brother in the park, he is on the grass and not moving", "violence_now",
     "violence.english_knocked_down"),
    ("2歳の娘が漂白剤をなめたかもしれない。せきこんでる", "child_danger", "child.accident_now"),
    ("ゲームで知り合った人がこれから駅まで迎えに来るって。小6です", "child_danger",
     "child.online_stranger_now"),
    ("our daughter is 7 and has not come home, it is dark and the school is closed", "child_danger",
     "child.not_home_at_night"),
    # found on the twenty-second sealed set, opened: someone saying on the phone he will hang
    # himself, an end in romaji beside no will to live, burning oneself again, a brawl and a
    # father covered in blood, a boyfriend choking her now, sex forced as the rent today, a
    # toddler on the road, a small child left alone for days
    ("my sister is texting that she will kill herself tonight, she is not answering the door", "suicide",
     "suicide.english_someone_says"),
    ("baito kubi ni natta. mou ikitakunai. konban owari ni suru", "suicide", "suicide.romaji_no_will_to_live"),
    ("burned myself with a hot spoon again, it's blistering", "self_harm", "self_harm.english"),
    ("弟と父が殴り合いになって、父が血だらけです", "violence_now", "violence.bleeding_now"),
    ("my neighbour's husband is still hitting her in the stairwell, what do i do", "violence_now",
     "violence.english_progressive"),
    ("借金の代わりに店長に関係を迫られて、さっき断れませんでした", "sexual_violence", "sexual.coerced_now"),
    ("a little boy is wandering alone near the tracks, no adults around", "child_danger", "child.accident_now"),
    ("the mother went away two days ago and the baby is still left alone in the flat", "child_danger",
     "child.left_english"),
    # a twenty-fifth sealed set crisis, opened (twenty-first pass): a parent in English,
    # which the crisis model read at 0.22-0.27
    ("my son is 1 and he is breathing strangely, his lips are blue", "child_danger", "child.not_breathing"),
    # a resolve for tonight with a goodbye and no wish word (twenty-first pass): the
    # patterns left it to the model
    ("今夜で本当に終わりにする。さようなら", "suicide", "suicide.end_tonight"),
    ("つかれた　きょうで おわりに する　ばいばい", "suicide", "suicide.end_tonight"),
]


@pytest.mark.parametrize("text, kind, trigger", CASES)
def test_the_crisis_is_named(text, kind, trigger):
    found = DETECTOR.examine(text)
    assert found.signal is not None, "no trigger fired"
    assert (found.signal.kind, found.signal.matched) == (kind, trigger)
    assert found.calm_context is None


@pytest.mark.parametrize("text", [
    # the same words, calm: a forced overtime, a debt, a retirement card, a doctor's exam
    "昨日、上司に無理やり飲み会に参加させられた",
    "My boss forced me to work overtime last night",
    "友達がお金を返してくれない。ずっと待ってる",
    "病院の診察で服を脱がされた",
    "一緒に病院へ行くしかないかな。母の介護のことで",
    # an outing, a trip planned, a sting, a stuffy nose
    "家族旅行で海まで来ました。さよなら夏休み",
    "旅行の場所も日程ももう決めてある。楽しみで死にそう",
    "介護の研修の後、ハチに刺された",
    "子どもが鼻をふさぐと嫌がる。介護の合間に耳鼻科へ行きたい",
    # an absence with an end, a move
    "今日は遅くなるので、夕飯までには戻らないつもりです。子どもの学童のお迎えをお願いできる制度はありますか",
    "今夜から実家に帰ります。しばらく戻らないつもりなので、郵便のことをお願いしたいです",
    "I'm going to my sister's place tonight for two weeks, so I won't be coming back soon. "
    "Can someone look after my mail?",
    # a fall with no blow
    "祖母が廊下で倒れて動かないので救急車を呼びました。退院後の介護の相談をしたい",
    "ネクタイで首を締めてると苦しいので、クールビズの時期を知りたい",
    "今から飛行機で飛ぶので、帰国中の郵便物の相談です",
    "shigoto ga shinitai hodo isogashii desu. hoikuen no soudan shitai",
    # a camping rope, a goodbye to the summer holidays, a search without anyone gone
    "キャンプ用にロープを買ってきた。今日の夜は雨らしい",
    "息子の検索履歴に「死に方」があった。今は普通に学校に行っている",
    "A ball hit me at the park and my knee is bleeding a little. Where is a clinic open on Sunday?",
    # an accident told as prevention or the past, a drill, a nosebleed after a fall
    "子どもが池に落ちないように柵をつけてほしいと自治会に言いたい",
    "去年、息子がビー玉を飲み込んだことがあって、誤飲の予防の講座はありますか",
    "小学校で連れ去り防止の訓練があると聞きました。保護者も参加できますか",
    "転んで鼻血が出ています。休日の診療所を教えてください",
    "The mosquito bites on my leg are so itchy that I keep scratching my leg until it's raw",
    # a goodbye of a move, affairs in order before surgery, a heart patient's fear, a pet, a game,
    # medicine that did not bring a fever down, prevention asked about
    "My friend flew home to Brazil today and posted see u never Japan lol",
    "I have put my affairs in order before my surgery tomorrow. Who can feed my cat?",
    "I'm scared I will go to sleep and not wake up, my heart is weak. Is there a night check service?",
    "My dog swallowed a battery just now, which vet is open?",
    "My son is hitting his punching bag every night, is that normal?",
    "くすりをいっぱいのんでも ねつが さがらない",
    "子どもがベランダの手すりに登らないようにする対策を知りたい",
    # the same words, calm: a plan for a trip, a wish to disappear from a party, how long a bus
    # takes, a ball thrown, a nurse's question about ventilators
    "I plan to end my contract in March, how do I close my pension account?",
    "how many days would it take to get a residence card renewed",
    "my son threw a ball at me in the park and we laughed",
    "Who checks the ventilator when the power goes off in a typhoon? My mother is on home oxygen",
    # the same words, calm: how many forms are enough, cold medicine taken as told, a goldfish,
    # a phone in the river, a film of a fight
    "how many copies would be enough for the application?",
    "かぜぐすり 1じょう のんだ。ねむくなるかな",
    "金魚が息してないみたい。どうしよう",
    "いもうとのスマホが川におちた",
    "in the movie they were kicking a man on the ground and it was scary",
    # the same words, calm: a boxing match, detergent kept away, friends made online as an
    # adult, an older son out late, a cat not home
    "my friend got knocked out in his boxing match, he is not moving much today but fine",
    "子どもが洗剤を飲まないように、どこにしまえばいいですか",
    "SNSで知り合った人と今夜ごはんに行きます。34歳です",
    "my son is 17 and not home yet at 10 pm, he is at a friend's birthday party",
    "小3の娘の猫が夜になっても帰ってこない",
    # the same words, calm: a line from a film, school ends today, a burn from cooking, a nosebleed,
    # a match, the word 関係 of a job, a toddler walking with a parent, a trip of three days
    "in the movie he says he will hang himself, it made me cry",
    "my friend keeps saying he wants to kill himself, how can I help him?",
    "gakkou wa kyou de owari ni suru. ashita kara natsuyasumi",
    "burned myself on the oven again, silly me. which clinic is open?",
    "鼻血で顔が血だらけになった子がいたと保育園から連絡がありました",
    "my brother is literally beating me at chess right now",
    "取引先との関係を強要されているようで上司が困っています。昔の話です",
    "my little girl is walking on the road with me, is there a safe crossing?",
    "we went away for three days and left our cat alone with a feeder",
    # pay that vanishes into rent (twentieth pass); the writer's own 消えます is still read
    "家賃と光熱費で給料がほとんど消えます。もう少し安い部屋を探したい",
    # breathing told as the past or of a pet (twenty-first pass)
    "My son has asthma. Last year he stopped breathing once at night. Is there help with medical costs?",
    "our dog is not breathing well and his lips are blue, which animal hospital is open?",
])
def test_the_same_words_without_the_danger(text):
    assert DETECTOR.examine(text).signal is None


@pytest.mark.parametrize("text", [
    # a part-time job or counselling that ends today, said with thanks
    "バイトは今日で最後にする。店長、今までありがとうございました",
    "カウンセリングは今日で終わりにします。今までありがとうございました",
    "タバコは今日で最後にする。もう限界",
])
def test_an_ending_of_something_else_is_no_resolve_for_tonight(text):
    found = DETECTOR.examine(text)
    assert found.signal is None or found.signal.matched != "suicide.end_tonight"
