"""Name, place and phone tables for Benchmarks/linkage/generate_sets.py.

Lists are written by hand, most common first (weights decrease along each list).
Nothing here uses randomness; generate_sets.py picks from these tables.
"""

# --- phones -------------------------------------------------------------------------------
# A phone plan: (calling code, trunk prefix, separator used inside national groups,
#                mobile plans, landline plans by city).
# A number plan is (prefixes, digits after the prefix, group lengths of the national number).
PHONE = {
    "JP": ("81", "0", "-", [("90|80|70", 10, (2, 4, 4))],
           {"Tokyo": [("3", 9, (1, 4, 4))], "Osaka": [("6", 9, (1, 4, 4))],
            "Kōbe": [("78", 9, (2, 3, 4))]}),
    "KR": ("82", "0", "-", [("102|103|104|106|107|108|109", 10, (2, 4, 4))],
           {"Seoul": [("2", 9, (1, 4, 4)), ("2", 8, (1, 3, 4))],
            "Busan": [("51", 10, (2, 4, 4)), ("51", 9, (2, 3, 4))]}),
    "VN": ("84", "0", " ", [("90|91|93|94|96|97|98|32|33|34|35|36|37|38|39|70|76|77|78|79|"
                            "81|82|83|84|85|86|88", 9, (2, 3, 4))],
           {"Hanoi": [("243|246|247", 10, (2, 4, 4))],
            "Ho Chi Minh City": [("283|286|287", 10, (2, 4, 4))]}),
    "ES": ("34", "", " ", [("60|61|62|63|64|65|66|67|68|69", 9, (3, 3, 3))],
           {"Madrid": [("91", 9, (2, 3, 2, 2))], "Sevilla": [("954|955", 9, (3, 2, 2, 2))]}),
    "FR": ("33", "0", " ", [("60|61|62|64|65|66|67|68|73|74|75|76|77|78|79", 9, (1, 2, 2, 2, 2))],
           {"Paris": [("1", 9, (1, 2, 2, 2, 2))], "Lyon": [("4", 9, (1, 2, 2, 2, 2))]}),
    "DE": ("49", "0", " ", [("151|152|157|160|162|170|171|172|173|174|175|176|177|178|179",
                             11, (3, 8))],
           {"Berlin": [("30", 10, (2, 8))]}),
    "GB": ("44", "0", " ", [("740|741|742|743|744|746|747|748|749|751|753|754|755|756|757|"
                             "758|759|771|772|773|774|775|776|777|780|781|784|785|786|787|788|"
                             "789|790|792|794|795|796|797|798|799", 10, (4, 6))],
           {"London": [("207|208|203", 10, (2, 4, 4))]}),
}

# Digits allowed right after a prefix, so the number is in an assigned range (default: any).
FIRST_DIGIT = {"JP": "123456789", "Tokyo": "3456", "Osaka": "6",
               "Kōbe": "3456789", "Seoul": "23456789", "Busan": "23456789", "Madrid": "2345",
               "Sevilla": "2345", "Paris": "2345", "Lyon": "2345", "Berlin": "2345678"}

# --- common-names set ------------------------------------------------------------------------
# country -> name, weight, cities, first names, last names, street roots, street forms
COMMON = {
    "JP": dict(
        name="Japan", w=20, cities=("Tokyo", "Osaka", "Kōbe"),
        first="""Hiroshi Takeshi Akira Kenji Yuki Emi Yōko Keiko Naoko Tomoko Haruto Sōta Yūto
                 Ren Yui Aoi Sakura Hana Daiki Shō Makoto Kazuki Megumi Ayumi""",
        last="""Satō Suzuki Takahashi Saitō Tanaka Watanabe Itō Yamamoto Nakamura Kobayashi
                Katō Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu
                Yamazaki Mori Abe Ikeda Hashimoto Yamashita Ishikawa Nakajima Maeda Fujita Ogawa
                Gotō Okada Hasegawa Murakami Kondō Ishii Sakamoto Endō Aoki Fujii Nishimura
                Fukuda Ōta Miura Fujiwara Okamoto Matsuda Nakagawa Nakano Harada Ono Tamura
                Takeuchi Kaneko Wada Nakayama Ishida Ueda Morita Hara Shibata Sakai Kudō Yokoyama
                Miyazaki Miyamoto Uchida Takagi Andō Taniguchi Ōno Maruyama Imai Takada Fujimoto""",
        roots="""Kitano Sannomiya Motomachi Shinjuku Shibuya Ginza Umeda Namba Tennōji Akasaka
                 Ebisu Nakano Ikebukuro Ueno Asakusa Shinsaibashi Honmachi Kyōbashi Suma Nada
                 Higashi Nishi Minami Kita Chūō Ōhashi Takadanobaba Meguro Setagaya Sakae""",
        forms=("-chō", "", "-dōri", " Hommachi"),
        postcode={"Tokyo": ("1", 2), "Osaka": ("5", 2), "Kōbe": ("65", 1)}),
    "KR": dict(
        name="South Korea", w=15, cities=("Seoul", "Busan"),
        first="""Min-jun Seo-yeon Ji-hoon Ji-woo Seo-jun Ha-eun Do-yun Min-seo Ye-jun Su-bin
                 Ji-ho Yu-jin Hyun-woo Ji-min Eun-ji Sung-min Young-ho Mi-kyung Jae-won Hye-jin""",
        last="Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon",
        roots="""Teheran Sejong Eulji Jongno Hakdong Dosan Apgujeong Gangnam Nonhyeon Bongeunsa
                 Samseong Yeoksam Mapo Yanghwa Haeundae Gwangan Jungang Suyeong Centum Dongbaek
                 Sinchon Yonsei Hongik Itaewon Hannam Wangsimni Jamsil Olympic Songpa Cheonho""",
        forms=("-ro", "-gil", "-daero"),
        postcode={"Seoul": ("0", 4), "Busan": ("4", 4)}),
    "VN": dict(
        name="Vietnam", w=13, cities=("Hanoi", "Ho Chi Minh City"),
        first="""Văn An|Thị Hoa|Minh Anh|Văn Hùng|Thị Lan|Đức Minh|Thị Mai|Văn Nam|Thị Hương|
                 Quang Huy|Ngọc Anh|Thu Trang|Văn Tuấn|Thị Hằng|Hoàng Long|Thị Thảo|Văn Dũng|
                 Minh Tuấn|Thị Linh|Văn Thành""",
        last="Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương",
        roots="""Lê Lợi|Nguyễn Huệ|Hai Bà Trưng|Trần Hưng Đạo|Lý Thường Kiệt|Phố Huế|Hàng Bài|
                 Điện Biên Phủ|Cách Mạng Tháng Tám|Nam Kỳ Khởi Nghĩa|Pasteur|Võ Văn Tần|
                 Nguyễn Thị Minh Khai|Lê Duẩn|Kim Mã|Giảng Võ|Láng Hạ|Tôn Đức Thắng|
                 Bà Triệu|Hàng Bông|Phan Chu Trinh|Ngô Quyền|Nguyễn Trãi|Lạc Long Quân""",
        forms=("",),
        postcode={"Hanoi": ("1", 5), "Ho Chi Minh City": ("7", 5)}),
    "ES": dict(
        name="Spain", w=14, cities=("Madrid", "Sevilla"),
        first="""Antonio José Manuel Francisco David Javier María Carmen Ana Laura Lucía Isabel
                 Juan Carlos Marta Pedro Elena Pilar Miguel Rosa""",
        last="""García Fernández López Martínez González Rodríguez Sánchez Pérez Gómez Martín
                Jiménez Ruiz Hernández Díaz Moreno""",
        roots="""Alcalá|Mayor|Serrano|Velázquez|Goya|Princesa|Atocha|Toledo|Bravo Murillo|
                 Sierpes|Betis|Feria|Tetuán|Cervantes|Colón|San Bernardo|Arenal|Fuencarral|
                 Hortaleza|Embajadores|Argumosa|Ferraz|Luchana|Triana|Santa Clara|Recaredo""",
        forms=("Calle", "Avenida de", "Paseo de", "Plaza de"),
        postcode={"Madrid": ("280", 2), "Sevilla": ("410", 2)}),
    "FR": dict(
        name="France", w=14, cities=("Paris", "Lyon"),
        first="""Jean Marie Pierre Michel Philippe Nathalie Isabelle Sophie Nicolas Julien
                 Camille Léa Thomas Élodie François Céline Sylvie Laurent Stéphane Claire""",
        last="""Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon
                Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard
                André Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure
                Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément
                Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen
                Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier""",
        roots="""de la République|Victor Hugo|Pasteur|Jean Jaurès|de la Paix|Gambetta|Voltaire|
                 du Général de Gaulle|des Lilas|Saint-Michel|de Rivoli|Lafayette|de la Gare|
                 du Moulin|des Écoles|Carnot|Émile Zola|de Verdun|Molière|Garibaldi|Servient|
                 Vendôme|Mercière|de Marseille|Paul Bert|Boileau""",
        forms=("rue", "avenue", "boulevard", "place"),
        postcode={"Paris": ("750", 2), "Lyon": ("6900", 1)}),
    "DE": dict(
        name="Germany", w=10, cities=("Berlin",),
        first="""Thomas Michael Andreas Stefan Peter Sabine Petra Anna Julia Katharina Jürgen
                 Klaus Lukas Maximilian Monika Ursula Wolfgang Christian Sandra Jan""",
        last="""Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
                Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun
                Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze
                Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz
                Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger
                Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm""",
        roots="""Linden Berg Garten Schiller Goethe Kant Bismarck Frankfurter Friedrich Kastanien
                 Birken Eichen Rosen Mühlen Schloss Kirch Park Wald Feld Dorf Hafen Brunnen""",
        forms=("straße", "weg", "allee", "ring", "damm"),
        postcode={"Berlin": ("1", 4)}),
    "GB": dict(
        name="United Kingdom", w=14, cities=("London",),
        first="""James John Robert William David Michael Richard Thomas Christopher Elizabeth
                 Sarah Katherine Margaret Emma Jennifer Susan Mary Daniel Joseph Charlotte""",
        last="""Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
                Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis
                Martin Jackson Clarke Clark Turner Hill Scott Cooper Morris Ward Moore King
                Watson Baker Harrison Morgan Patel Young Allen Mitchell James Anderson Phillips
                Lee Bell Parker Davis Khan Singh Shah Ali Ahmed Murphy Kelly Campbell Stewart
                Hussain Begum Lewis Price Bennett Griffiths Lloyd Cook Richardson Carter Wallace""",
        roots="""High|Church|Station|Victoria|Park|Green|Manor|Kings|Queens|Mill|Albert|
                 Grange|Springfield|Windsor|Chester|York|Oxford|Cambridge|Baker|Abbey""",
        forms=("Street", "Road", "Lane", "Avenue", "Gardens", "Close"),
        postcode={"London": ("", 0)}),
}

LONDON_DISTRICTS = ("E1 E2 E3 E14 EC1 EC2 N1 N4 N7 NW1 NW3 NW6 SE1 SE5 SE10 SE22 SW1 SW3 SW6 "
                    "SW11 SW19 W1 W2 W4 W8 W11 WC1 WC2").split()

# Nicknames and short forms: full name -> forms used on a later row.
NICKNAMES = {
    "Robert": ("Bob", "Rob", "Bobby"), "William": ("Bill", "Will", "Billy"),
    "Katherine": ("Kate", "Kathy", "Katie"), "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Johnny", "Jack"), "Richard": ("Rick", "Dick", "Richie"),
    "Michael": ("Mike", "Mick"), "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Thomas": ("Tom", "Tommy"), "Christopher": ("Chris",), "Margaret": ("Maggie", "Peggy"),
    "Jennifer": ("Jen", "Jenny"), "Susan": ("Sue", "Susie"), "Daniel": ("Dan", "Danny"),
    "Joseph": ("Joe",), "Charlotte": ("Lottie", "Charlie"), "David": ("Dave",),
    "Sarah": ("Sally",), "Mary": ("Molly",), "Catherine": ("Cathy", "Kate"),
    "Katharina": ("Kathi", "Katja"), "Maximilian": ("Max",), "Andreas": ("Andi",),
    "Wolfgang": ("Wolf",), "Christian": ("Chris",), "Francisco": ("Paco", "Curro"),
    "José": ("Pepe",), "Manuel": ("Manolo",), "Antonio": ("Toño",), "Isabel": ("Isa",),
    "Dolores": ("Lola",), "Nicolas": ("Nico",), "Stéphane": ("Steph",),
    "Alexander": ("Alex",), "Patrick": ("Pat",), "Anthony": ("Tony",),
    "Steven": ("Steve",), "Stephen": ("Steve",), "Edward": ("Ed", "Ted"),
    "Matthew": ("Matt",), "Andrew": ("Andy", "Drew"), "Benjamin": ("Ben",),
    "Samuel": ("Sam",), "Jonathan": ("Jon",), "Kenneth": ("Ken",), "Rebecca": ("Becky",),
    "Victoria": ("Vicky",), "Jessica": ("Jess",), "Deborah": ("Debbie", "Deb"),
    "Patricia": ("Pat", "Trish"), "Barbara": ("Barb",), "Kathryn": ("Kate", "Kathy"),
}

TITLES = ("Sales Manager", "Account Executive", "Software Engineer", "Accountant", "HR Manager",
          "Office Manager", "Director", "CEO", "CFO", "Consultant", "Project Manager",
          "Marketing Manager", "Buyer", "Engineer", "Analyst", "Assistant", "Owner",
          "Purchasing Manager", "Technician", "Teacher")

COMPANY_WORDS = """Sakura Fuji Hikari Daiichi Hanil Daehan Sejin Mirae Saigon Hồng Hà Phương Nam
    Iberia Sol Aurora Ibérica Lumière Horizon Atlas Soleil Nordwind Lindner Adler Falken Thames
    Albion Crown Kestrel Orion Vega Nova Summit Apex Pioneer Meridian Harbour Cedar Maple
    Granite Silver Blue Green Delta Omega Titan Zenith Vertex Polar Coral Amber""".split()
COMPANY_KINDS = ("Logistics", "Trading", "Systems", "Consulting", "Foods", "Electronics",
                 "Construction", "Medical", "Software", "Design", "Textiles", "Motors",
                 "Energy", "Finance", "Media", "Pharma", "Retail", "Engineering")
LEGAL = {"JP": ("K.K.", "Co., Ltd."), "KR": ("Co., Ltd.", "Inc."), "VN": ("JSC", "Co., Ltd"),
         "ES": ("S.L.", "S.A."), "FR": ("SAS", "SARL", "SA"), "DE": ("GmbH", "AG"),
         "GB": ("Ltd", "plc"), "US": ("Inc", "LLC"), "AU": ("Pty Ltd",)}
TLD = {"JP": ".co.jp", "KR": ".co.kr", "VN": ".vn", "ES": ".es", "FR": ".fr", "DE": ".de",
       "GB": ".co.uk", "US": ".com", "AU": ".com.au"}
FREEMAIL = {"JP": ("gmail.com", "yahoo.co.jp", "docomo.ne.jp"), "KR": ("naver.com", "gmail.com",
            "daum.net"), "VN": ("gmail.com", "yahoo.com.vn"), "ES": ("gmail.com", "hotmail.es",
            "yahoo.es"), "FR": ("gmail.com", "orange.fr", "free.fr", "laposte.net"),
            "DE": ("gmail.com", "web.de", "gmx.de", "t-online.de"),
            "GB": ("gmail.com", "hotmail.co.uk", "btinternet.com")}
ROLE_EMAILS = ("info", "sales", "contact", "office", "admin")

# --- name-address set -------------------------------------------------------------------------
# country -> name, weight, cities (name, postcode prefix), first names, last names,
# street roots, street forms, house number before (True) or after the street.
NAME_ADDRESS = {
    "GB": dict(
        name="United Kingdom", w=30,
        cities=("Manchester:M|Leeds:LS|Bristol:BS|Sheffield:S|Leicester:LE|Nottingham:NG|"
                "Coventry:CV|Reading:RG"),
        first="""James John Robert William David Michael Richard Thomas Christopher Paul Mark
                 Stephen Andrew Peter Philip Geoffrey Sean Matthew Daniel Anthony Kenneth
                 Elizabeth Sarah Catherine Katherine Margaret Emma Jennifer Susan Mary Claire
                 Rachel Anne Louise Helen Rebecca Victoria Deborah Patricia Jessica Laura""",
        last="""Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
                Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris
                Lewis Martin Jackson Clarke Clark Turner Hill Scott Cooper Morris Ward Moore
                King Watson Baker Harrison Morgan Patel Young Allen Mitchell James Anderson
                Phillips Lee Bell Parker Davis Reid Macdonald Fisher Matthews Stephens Shaw""",
        roots="""High|Church|Station|Victoria|Park|Green|Manor|Kings|Queens|Mill|Albert|Grange|
                 Springfield|Windsor|Chester|York|Oxford|Cambridge|Baker|Abbey|Meadow|Orchard|
                 Beech|Elm|Oak|Willow|Holly|Ash|Cedar|Rose""",
        forms=("Street", "Road", "Lane", "Avenue", "Close", "Drive", "Way"), number_first=True),
    "US": dict(
        name="United States", w=25,
        cities=("Columbus:432|Denver:802|Portland:972|Austin:787|Tucson:857|Omaha:681|"
                "Raleigh:276|Madison:537"),
        first="""James John Robert Michael William David Richard Joseph Thomas Charles Steven
                 Matthew Anthony Mark Donald Kenneth Jeffrey Brian Mary Patricia Jennifer Linda
                 Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Kathryn Catherine
                 Ashley Michelle Amanda Melissa Stephanie Rebecca""",
        last="""Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Wilson Martinez
                Anderson Taylor Thomas Hernandez Moore Martin Jackson Thompson White Lopez Lee
                Gonzalez Harris Clark Lewis Robinson Walker Perez Hall Young Allen Sanchez Wright
                King Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter
                Phillips Evans Turner Torres Parker Collins Edwards Stewart Meyer Schmidt""",
        roots="""Main|Oak|Pine|Maple|Cedar|Elm|Washington|Lake|Hill|Walnut|Park|Sunset|Lincoln|
                 Jefferson|Jackson|Highland|Madison|Franklin|Ridge|Willow|Spring|Chestnut|
                 Adams|Cherry|Forest|River|Meadow|Center|Church|Mill""",
        forms=("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Court"),
        number_first=True),
    "DE": dict(
        name="Germany", w=25,
        cities=("Hamburg:2|München:8|Köln:5|Frankfurt am Main:6|Stuttgart:7|Düsseldorf:4|"
                "Leipzig:04|Dresden:01"),
        first="""Thomas Michael Andreas Stefan Peter Sabine Petra Anna Julia Katharina Jürgen
                 Klaus Lukas Maximilian Monika Ursula Wolfgang Christian Sandra Jan Philipp
                 Stephan Matthias Markus Frank Uwe Claudia Andrea Susanne Birgit Karin Tanja""",
        last="""Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann
                Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun
                Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid
                Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters""",
        roots="""Linden Berg Garten Schiller Goethe Kant Bismarck Frankfurter Friedrich Kastanien
                 Birken Eichen Rosen Mühlen Schloss Kirch Park Wald Feld Dorf Hafen Brunnen""",
        forms=("straße", "weg", "allee", "ring", "damm", "gasse"), number_first=False),
    "FR": dict(
        name="France", w=20,
        cities=("Toulouse:31|Nantes:44|Bordeaux:33|Lille:59|Rennes:35|Strasbourg:67|"
                "Montpellier:34|Grenoble:38"),
        first="""Jean Marie Pierre Michel Philippe Nathalie Isabelle Sophie Nicolas Julien
                 Camille Léa Thomas Élodie François Céline Sylvie Laurent Stéphane Claire
                 Catherine Christophe Frédéric Sébastien Valérie Sandrine Patrick Alain""",
        last="""Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon
                Laurent Lefèvre Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier
                Morel Girard André Mercier Dupont Lambert Bonnet François Martinez Legrand
                Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin
                Gauthier Gautier Mathieu Clément""",
        roots="""de la République|Victor Hugo|Pasteur|Jean Jaurès|de la Paix|Gambetta|Voltaire|
                 du Général de Gaulle|des Lilas|Saint-Michel|Lafayette|de la Gare|du Moulin|
                 des Écoles|Carnot|Émile Zola|de Verdun|Molière|Paul Bert|des Tilleuls""",
        forms=("rue", "avenue", "boulevard", "place", "allée"), number_first=True),
}

# Spellings a clerk may write for the same name (sound-alikes); each group is symmetric.
PHONETIC = [g.split("/") for g in """Catherine/Kathryn/Katherine/Catharine Meyer/Maier/Meier/Mayer
    Philip/Phillip/Filip Stephen/Steven Stefan/Stephan Jon/John Smith/Smyth
    Schmidt/Schmitt/Schmid Thompson/Thomson Sean/Shaun Geoffrey/Jeffrey Claire/Clare Sara/Sarah
    Ann/Anne Rachel/Rachael Lewis/Louis Matthews/Mathews Reid/Reed/Read Phillips/Philips
    Macdonald/McDonald Fisher/Fischer Schäfer/Schaefer/Schafer Müller/Mueller/Muller
    Lefèvre/Lefebvre/Lefeuvre Gauthier/Gautier Clark/Clarke Stephens/Stevens Hofmann/Hoffmann
    Peters/Petersen Karin/Karen Frédéric/Frederic Christophe/Kristof Mark/Marc Lisa/Liza
    Michelle/Michele Brian/Bryan Anderson/Andersen Allen/Allan/Alan Jackson/Jakson
    Huber/Hubert Krause/Kraus Koch/Kock Köhler/Koehler""".split()]

# OCR confusions: a run of characters read as another.
OCR = (("rn", "m"), ("m", "rn"), ("0", "O"), ("O", "0"), ("1", "l"), ("l", "1"), ("5", "S"),
       ("S", "5"), ("cl", "d"), ("vv", "w"), ("w", "vv"), ("8", "B"), ("B", "8"), ("e", "c"),
       ("h", "b"), ("i", "l"), ("u", "v"), ("n", "ri"))
