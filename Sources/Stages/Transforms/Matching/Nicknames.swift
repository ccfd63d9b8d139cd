/// Common given names and their short forms, folded (no case or accents). A pair here is as
/// good as a close spelling: `bob` / `robert`.
enum Nicknames {
  static func same(_ a: String, _ b: String) -> Bool {
    guard let x = group[a], let y = group[b] else { return false }
    return !x.isDisjoint(with: y)
  }

  private static let groups: [[String]] = [
    ["robert", "bob", "rob", "bobby", "robbie", "bert"], ["william", "bill", "will", "billy", "willy", "liam"],
    ["richard", "rick", "dick", "rich", "ricky"], ["james", "jim", "jimmy", "jamie"], ["john", "jack", "johnny", "jon"],
    ["michael", "mike", "mick", "mikey"], ["thomas", "tom", "tommy"], ["joseph", "joe", "joey"],
    ["charles", "charlie", "chuck"], ["christopher", "chris", "kit"], ["daniel", "dan", "danny"],
    ["david", "dave", "davy"], ["edward", "ed", "eddie", "ted", "ned"], ["anthony", "tony"], ["andrew", "andy", "drew"],
    ["matthew", "matt"], ["nicholas", "nick", "nicky"], ["alexander", "alex", "sasha", "alejandro", "alexandre"],
    ["benjamin", "ben", "benny"], ["samuel", "sam", "sammy"], ["steven", "stephen", "steve"],
    ["timothy", "tim"], ["peter", "pete"], ["patrick", "pat", "paddy"], ["gregory", "greg"], ["kenneth", "ken", "kenny"],
    ["ronald", "ron", "ronnie"], ["donald", "don", "donnie"], ["jonathan", "jon", "jonny"], ["phillip", "philip", "phil"],
    ["elizabeth", "liz", "beth", "betty", "eliza", "lisa", "libby", "elisabeth"],
    ["katherine", "catherine", "kathryn", "kate", "katie", "katy", "kathy", "cathy", "kat", "catarina", "katharina"],
    ["sarah", "sally", "sara"], ["charlotte", "lottie", "charlie"], ["mary", "molly", "mollie", "polly", "maria", "marie"],
    ["antonio", "tono", "toni", "tony", "anthony"], ["josefa", "pepa"], ["francisca", "paquita"],
    ["eleanor", "ellie", "nora"], ["harold", "harry", "hal"], ["henry", "harry", "hank"], ["lawrence", "larry"],
    ["nathaniel", "nathan", "nate"], ["zachary", "zach"], ["frederick", "fred", "freddie"], ["albert", "al", "bert"],
    ["andreas", "andi", "andy"], ["johanna", "hanna", "hanne"], ["susanne", "susi"],
    ["margaret", "maggie", "meg", "peggy", "marge"], ["jennifer", "jen", "jenny"], ["jessica", "jess", "jessie"],
    ["susan", "sue", "susie", "suzanne"], ["deborah", "debbie", "deb"], ["rebecca", "becky", "becca"],
    ["patricia", "pat", "patty", "tricia"], ["christine", "chris", "christina", "tina"], ["victoria", "vicky", "tori"],
    ["barbara", "barb", "babs"], ["dorothy", "dot", "dottie"], ["abigail", "abby"], ["samantha", "sam", "sammy"],
    ["francois", "franck", "frank", "francis", "francesco", "francisco", "paco", "pancho"],
    ["jean baptiste", "jb"], ["guillaume", "william"], ["jacques", "jacky", "james"], ["pierre", "pierrot"],
    ["giuseppe", "beppe", "peppe", "joseph"], ["johann", "johannes", "hans", "jan", "john"],
    ["wolfgang", "wolf"], ["friedrich", "fritz"], ["jose", "pepe"], ["manuel", "manolo"],
    ["enrique", "kike", "henry", "henri", "heinrich", "enrico"], ["ignacio", "nacho"], ["dolores", "lola"],
    ["guadalupe", "lupe"], ["mohammed", "mohamed", "muhammad", "mohammad", "mehmet"],
  ]

  private static let group: [String: Set<Int>] = {
    var result: [String: Set<Int>] = [:]
    for (index, names) in groups.enumerated() {
      for name in names { result[name, default: []].insert(index) }
    }
    return result
  }()
}
