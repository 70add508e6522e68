import AWSCore
import Foundation
import LocalStack
import Testing

/// Per-channel settings, UpdateUserConfig, UpdateUserPhoneConfig's every-channel ACW, tags on
/// CreateUser, predefined attributes and user proficiencies.
@Suite struct ConnectChannelTests {
    typealias H = ConnectHarness

    @Test(arguments: [
        ("POST", "/users/i-1/u-1/config", "UpdateUserConfig"),
        ("GET", "/users/i-1/u-1/proficiencies", "ListUserProficiencies"),
        ("POST", "/users/i-1/u-1/proficiencies", "UpdateUserProficiencies"),
        ("POST", "/users/i-1/u-1/associate-proficiencies", "AssociateUserProficiencies"),
        ("POST", "/users/i-1/u-1/disassociate-proficiencies", "DisassociateUserProficiencies"),
        ("POST", "/search-predefined-attributes", "SearchPredefinedAttributes"),
        ("GET", "/predefined-attributes/i-1", "ListPredefinedAttributes"),
        ("GET", "/predefined-attributes/i-1/Language", "DescribePredefinedAttribute"),
    ])
    func routesTheNewOperations(method: String, path: String, operation: String) throws {
        let service = try ConnectService()
        #expect(service.operation(for: LocalRequest(method: method, path: path)) == operation)
    }

    /// `Channel` → the list item for it.
    static func byChannel(_ user: [String: Any], _ list: String) -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for item in user[list] as? [[String: Any]] ?? [] { out[item["Channel"] as? String ?? ""] = item }
        return out
    }

    static func acw(_ item: [String: Any]?, _ member: String = "AfterContactWorkConfig") -> Int? {
        (item?[member] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int
    }

    static var lists: [String: Any] { [
        "AutoAcceptConfigs": [["Channel": "VOICE", "AutoAccept": true, "AgentFirstCallbackAutoAccept": true],
                              ["Channel": "CHAT", "AutoAccept": true]],
        "AfterContactWorkConfigs": [["Channel": "VOICE", "AfterContactWorkConfig": ["AfterContactWorkTimeLimit": 30],
                                     "AgentFirstCallbackAfterContactWorkConfig": ["AfterContactWorkTimeLimit": 10]],
                                    ["Channel": "EMAIL", "AfterContactWorkConfig": ["AfterContactWorkTimeLimit": 600]]],
        "PhoneNumberConfigs": [["Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550199"]],
        "PersistentConnectionConfigs": [["Channel": "VOICE", "PersistentConnection": true]],
        "VoiceEnhancementConfigs": [["Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"]],
        "Tags": ["team": "blue", "site": "SEA"],
    ] }

    static func object(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    static func createWithLists(_ h: H, _ extra: [String: Any] = [:]) async -> (id: String?, reply: H.Reply) {
        var changes = lists.merging(extra) { $1 }
        changes["PhoneConfig"] = changes["PhoneConfig"] ?? NSNull()
        return await h.create(H.createBody("lists", changes))
    }

    @Test func createUserWithTheListsReportsThemInDescribeUserAndSearchUsers() async throws {
        let h = try H()
        let (id, reply) = await Self.createWithLists(h)
        #expect(reply.status == 200, "\(reply.text)")
        let user = await h.describe(try #require(id))
        #expect(user["Tags"] as? [String: String] == ["team": "blue", "site": "SEA"])
        let auto = Self.byChannel(user, "AutoAcceptConfigs")
        #expect(Set(auto.keys) == ["VOICE", "CHAT", "TASK", "EMAIL"])
        #expect(auto["VOICE"]?["AutoAccept"] as? Bool == true && auto["VOICE"]?["AgentFirstCallbackAutoAccept"] as? Bool == true)
        #expect(auto["CHAT"]?["AutoAccept"] as? Bool == true && auto["TASK"]?["AutoAccept"] as? Bool == false)
        #expect(auto["CHAT"]?["AgentFirstCallbackAutoAccept"] == nil)
        let acw = Self.byChannel(user, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(acw[$0]) } == [30, 0, 0, 600])
        #expect(Self.acw(acw["VOICE"], "AgentFirstCallbackAfterContactWorkConfig") == 10)
        #expect(user["PhoneNumberConfigs"] as? [[String: String]] == [["Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550199"]])
        #expect(Self.byChannel(user, "PersistentConnectionConfigs")["VOICE"]?["PersistentConnection"] as? Bool == true)
        #expect(user["VoiceEnhancementConfigs"] as? [[String: String]] == [["Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"]])
        // PhoneConfig tells the VOICE channel.
        let phone = try #require(user["PhoneConfig"] as? [String: Any])
        #expect(phone["PhoneType"] as? String == "DESK_PHONE" && phone["AutoAccept"] as? Bool == true)
        #expect(phone["AfterContactWorkTimeLimit"] as? Int == 30 && phone["DeskPhoneNumber"] as? String == "+12065550199")

        // SearchUsers: every AfterContactWorkTimeLimit in milliseconds.
        let found = try #require((await h.search(["SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "lists",
            "ComparisonType": "EXACT"]]]))
            .json["Users"] as? [[String: Any]]).first
        let searched = try #require(found)
        let searchedACW = Self.byChannel(searched, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(searchedACW[$0]) } == [30000, 0, 0, 600000])
        #expect(Self.acw(searchedACW["VOICE"], "AgentFirstCallbackAfterContactWorkConfig") == 10000)
        #expect((searched["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 30000)
        #expect(searched["Tags"] as? [String: String] == ["team": "blue", "site": "SEA"])
        #expect(Self.byChannel(searched, "AutoAcceptConfigs")["CHAT"]?["AutoAccept"] as? Bool == true)
    }

    @Test func createUserWithPhoneConfigGivesItsAfterContactWorkToEveryChannel() async throws {
        let h = try H()
        let (id, _) = await h.create(H.createBody())
        let user = await h.describe(try #require(id))
        let acw = Self.byChannel(user, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(acw[$0]) } == [30, 30, 30, 30])
        let auto = Self.byChannel(user, "AutoAcceptConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { auto[$0]?["AutoAccept"] as? Bool } == [true, false, false, false])
    }

    @Test(arguments: [
        (#"{"AutoAccept": true}"#, "AutoAcceptConfigs"),
        (#"{"AfterContactWorkTimeLimit": 5}"#, "AfterContactWorkConfigs"),
        (#"{"PhoneType": "SOFT_PHONE"}"#, "PhoneNumberConfigs"),
        (#"{"DeskPhoneNumber": "+12065550100"}"#, "PhoneNumberConfigs"),
        (#"{"PersistentConnection": false}"#, "PersistentConnectionConfigs"),
    ])
    func phoneConfigFieldsConflictWithTheirLists(phone: String, list: String) async throws {
        let h = try H()
        let (id, reply) = await h.create(H.createBody("conflict", ["PhoneConfig": Self.object(phone), list: Self.lists[list]!]))
        #expect(id == nil)
        #expect(reply.status == 400 && reply.errorType == "InvalidParameterException")
        #expect(reply.message.contains(list))
    }

    @Test func phoneConfigFieldsWithoutTheirListAreAccepted() async throws {
        let h = try H()
        let (id, reply) = await h.create(H.createBody("mixed", [
            "PhoneConfig": ["PhoneType": "SOFT_PHONE"], "AutoAcceptConfigs": [["Channel": "CHAT", "AutoAccept": true]],
            "VoiceEnhancementConfigs": [["Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"]],
        ]))
        #expect(reply.status == 200, "\(reply.text)")
        #expect(id != nil)
    }

    @Test(arguments: [
        #"{"PhoneNumberConfigs": [{"Channel": "CHAT", "PhoneType": "SOFT_PHONE"}]}"#,
        #"{"PersistentConnectionConfigs": [{"Channel": "TASK", "PersistentConnection": true}]}"#,
        #"{"VoiceEnhancementConfigs": [{"Channel": "EMAIL", "VoiceEnhancementMode": "NONE"}]}"#,
        #"{"VoiceEnhancementConfigs": [{"Channel": "VOICE", "VoiceEnhancementMode": "LOUD"}]}"#,
        #"{"AutoAcceptConfigs": [{"Channel": "SMS", "AutoAccept": true}]}"#,
        #"{"AutoAcceptConfigs": [{"Channel": "CHAT", "AutoAccept": true, "AgentFirstCallbackAutoAccept": true}]}"#,
        #"{"AutoAcceptConfigs": [{"Channel": "CHAT", "AutoAccept": true}, {"Channel": "CHAT", "AutoAccept": false}]}"#,
        #"{"AutoAcceptConfigs": [{"Channel": "CHAT"}]}"#,
        #"{"AfterContactWorkConfigs": [{"Channel": "TASK", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 2000001}}]}"#,
        #"{"AfterContactWorkConfigs": [{"Channel": "TASK", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 1}, "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 1}}]}"#,
        #"{"PhoneNumberConfigs": [{"Channel": "VOICE", "PhoneType": "DESK_PHONE"}]}"#,
        #"{"PhoneNumberConfigs": [{"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "2065550100"}]}"#,
    ])
    func updateUserConfigRejectsWhatTheModelDoesNotAllow(json: String) async throws {
        let body = Self.object(json)
        #expect(!body.isEmpty)
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let before = await h.describe(jdoe)
        let reply = await h.call("POST", "/users/\(H.managed)/\(jdoe)/config", json: body)
        #expect(reply.status == 400 && reply.errorType == "InvalidParameterException", "\(reply.text)")
        let after = await h.describe(jdoe)
        #expect(NSDictionary(dictionary: before).isEqual(to: after))
    }

    @Test func updateUserConfigChangesOnlyWhatItCarries() async throws {
        let h = try H()
        let (created, _) = await Self.createWithLists(h)
        let id = try #require(created)
        let before = await h.describe(id)
        // CHAT's ACW only; within VOICE, auto accept only.
        let reply = await h.call("POST", "/users/\(H.managed)/\(id)/config", json: [
            "AfterContactWorkConfigs": [["Channel": "CHAT", "AfterContactWorkConfig": ["AfterContactWorkTimeLimit": 45]]],
            "AutoAcceptConfigs": [["Channel": "VOICE", "AutoAccept": false]],
        ])
        #expect(reply.status == 200, "\(reply.text)")
        let after = await h.describe(id)
        let acw = Self.byChannel(after, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(acw[$0]) } == [30, 45, 0, 600])
        #expect(Self.acw(acw["VOICE"], "AgentFirstCallbackAfterContactWorkConfig") == 10)
        let auto = Self.byChannel(after, "AutoAcceptConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { auto[$0]?["AutoAccept"] as? Bool } == [false, true, false, false])
        #expect(auto["VOICE"]?["AgentFirstCallbackAutoAccept"] as? Bool == true)
        for list in ["PhoneNumberConfigs", "PersistentConnectionConfigs", "VoiceEnhancementConfigs", "Tags"] {
            #expect(NSDictionary(dictionary: ["v": before[list]!]).isEqual(to: ["v": after[list]!]), "\(list)")
        }
        // The phone type through UpdateUserConfig; the number stays.
        _ = await h.call("POST", "/users/\(H.managed)/\(id)/config", json: ["PhoneNumberConfigs": [["Channel": "VOICE", "PhoneType": "SOFT_PHONE"]]])
        let soft = await h.describe(id)
        #expect(soft["PhoneNumberConfigs"] as? [[String: String]] == [["Channel": "VOICE", "PhoneType": "SOFT_PHONE", "PhoneNumber": "+12065550199"]])
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(Self.byChannel(soft, "AfterContactWorkConfigs")[$0]) } == [30, 45, 0, 600])
        // An unknown user.
        let missing = await h.call("POST", """
            /users/\(H.managed)/no-such-user/config
            """, json: ["AutoAcceptConfigs": [["Channel": "CHAT", "AutoAccept": true]]])
        #expect(missing.status == 404 && missing.errorType == "ResourceNotFoundException")
    }

    @Test func updateUserPhoneConfigSetsTheAfterContactWorkOfEveryChannel() async throws {
        let h = try H()
        let (created, _) = await Self.createWithLists(h)
        let id = try #require(created)
        let reply = await h.call("POST", "/users/\(H.managed)/\(id)/phone-config", json: [
            "PhoneConfig": ["PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 90],
        ])
        #expect(reply.status == 200)
        let user = await h.describe(id)
        let acw = Self.byChannel(user, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(acw[$0]) } == [90, 90, 90, 90])
        // Auto accept and phone type are VOICE's only.
        let auto = Self.byChannel(user, "AutoAcceptConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { auto[$0]?["AutoAccept"] as? Bool } == [false, true, false, false])
        #expect((user["PhoneNumberConfigs"] as? [[String: String]])?.first?["PhoneType"] == "SOFT_PHONE")
    }

    // MARK: Tags

    @Test func tagsOnCreateUserFollowTheModelsLimits() async throws {
        let h = try H()
        let fiftyOne = Dictionary(uniqueKeysWithValues: (1...51).map { ("k\($0)", "v") })
        for tags in [fiftyOne, ["aws:team": "x"], [String(repeating: "k", count: 129): "x"], ["k": String(repeating: "v", count: 257)]] {
            let (id, reply) = await h.create(H.createBody("tagged", ["Tags": tags]))
            #expect(id == nil && reply.status == 400 && reply.errorType == "InvalidParameterException")
        }
        let (id, reply) = await h.create(H.createBody("tagged", ["Tags": ["team": "blue"]]))
        #expect(reply.status == 200)
        let userID = try #require(id)
        let described = await h.describe(userID)
        let arn = try #require(described["Arn"] as? String)
        let tagged = await h.call("POST", "/tags/\(arn.uriEncoded)", json: ["tags": Dictionary(uniqueKeysWithValues: (1...49).map { ("k\($0)",
            "v") })])
        #expect(tagged.status == 200)
        let over = await h.call("POST", "/tags/\(arn.uriEncoded)", json: ["tags": ["one-more": "v"]])
        #expect(over.status == 400 && over.errorType == "InvalidParameterException")
        let badKey = await h.call("DELETE", "/tags/\(arn.uriEncoded)", query: "tagKeys=aws%3Ateam")
        #expect(badKey.status == 400 && badKey.errorType == "InvalidParameterException")
        let untagged = await h.call("DELETE", "/tags/\(arn.uriEncoded)", query: "tagKeys=team&tagKeys=k1")
        #expect(untagged.status == 200)
        let tags = await h.describe(userID)["Tags"] as? [String: String]
        #expect(tags?.count == 48 && tags?["team"] == nil)
    }

    // MARK: Predefined attributes and proficiencies

    @Test func searchAndListPredefinedAttributesReportTheSeed() async throws {
        let h = try H()
        let reply = await h.call("POST", "/search-predefined-attributes", json: ["InstanceId": H.managed, "MaxResults": 1])
        #expect(reply.status == 200)
        let first = try #require(reply.json["PredefinedAttributes"] as? [[String: Any]])
        #expect(first.count == 1 && first[0]["Name"] as? String == "Language")
        #expect((first[0]["Values"] as? [String: [String]])?["StringList"] == ["English", "Spanish", "French"])
        let token = try #require(reply.json["NextToken"] as? String)
        let second = await h.call("POST", "/search-predefined-attributes", json: ["InstanceId": H.managed, "NextToken": token])
        #expect((second.json["PredefinedAttributes"] as? [[String: Any]])?.map { $0["Name"] as? String } == ["Technology"])
        #expect(second.json["NextToken"] == nil)
        let named = await h.call("POST", "/search-predefined-attributes", json: [
            "InstanceId": H.managed, "SearchCriteria": ["StringCondition": ["FieldName": "name", "Value": "tech", "ComparisonType": "STARTS_WITH"]],
        ])
        #expect((named.json["PredefinedAttributes"] as? [[String: Any]])?.map { $0["Name"] as? String } == ["Technology"])
        let listed = await h.call("GET", "/predefined-attributes/\(H.managed)")
        #expect((listed.json["PredefinedAttributeSummaryList"] as? [[String: Any]])?.map { $0["Name"] as? String } == ["Language", "Technology"])
        let described = await h.call("GET", "/predefined-attributes/\(H.managed)/Technology")
        #expect(((described.json["PredefinedAttribute"] as? [String: Any])?["Values"] as? [String: [String]])?["StringList"] == ["Billing",
            "Networking"])
        #expect(await h.call("GET", "/predefined-attributes/\(H.managed)/Nope").status == 404)
        #expect(await h.call("POST", "/search-predefined-attributes", json: ["InstanceId": H.saml]).json["PredefinedAttributes"] as? [Any] != nil)
    }

    @Test func proficienciesAreAssociatedUpdatedListedAndDisassociated() async throws {
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let base = "/users/\(H.managed)/\(jdoe)"
        func list() async -> [String] {
            let reply = await h.call("GET", "\(base)/proficiencies")
            return (reply.json["UserProficiencyList"] as? [[String: Any]] ?? []).map {
                "\($0["AttributeName"] as? String ?? "")=\($0["AttributeValue"] as? String ?? "")@\($0["Level"] as? Double ?? 0)"
            }
        }
        #expect(await list() == [])
        let associate = await h.call("POST", "\(base)/associate-proficiencies", json: ["UserProficiencies": [
            ["AttributeName": "Language", "AttributeValue": "English", "Level": 4.0],
            ["AttributeName": "Technology", "AttributeValue": "Billing", "Level": 2],
        ]])
        #expect(associate.status == 200, "\(associate.text)")
        #expect(await list() == ["Language=English@4.0", "Technology=Billing@2.0"])
        let update = await h.call("POST", "\(base)/proficiencies", json: ["UserProficiencies": [
            ["AttributeName": "Technology", "AttributeValue": "Billing", "Level": 5],
        ]])
        #expect(update.status == 200)
        #expect(await list() == ["Language=English@4.0", "Technology=Billing@5.0"])
        let paged = await h.call("GET", "\(base)/proficiencies", query: "maxResults=1")
        #expect((paged.json["UserProficiencyList"] as? [Any])?.count == 1 && paged.json["NextToken"] is String)
        let disassociate = await h.call("POST", "\(base)/disassociate-proficiencies", json: ["UserProficiencies": [
            ["AttributeName": "Language", "AttributeValue": "English"],
        ]])
        #expect(disassociate.status == 200)
        #expect(await list() == ["Technology=Billing@5.0"])
    }

    @Test(arguments: [
        ("associate-proficiencies", #"{"AttributeName": "Weather", "AttributeValue": "Rain", "Level": 3}"#, 404, "ResourceNotFoundException"),
        ("associate-proficiencies", #"{"AttributeName": "Language", "AttributeValue": "Klingon", "Level": 3}"#, 400, "InvalidParameterException"),
        ("associate-proficiencies", #"{"AttributeName": "Language", "AttributeValue": "English", "Level": 5.5}"#, 400, "InvalidParameterException"),
        ("associate-proficiencies", #"{"AttributeName": "Language", "AttributeValue": "English", "Level": 0.5}"#, 400, "InvalidParameterException"),
        ("associate-proficiencies", #"{"AttributeName": "Language", "AttributeValue": "English"}"#, 400, "InvalidParameterException"),
        ("proficiencies", #"{"AttributeName": "Language", "AttributeValue": "French", "Level": 3}"#, 400, "InvalidParameterException"),
    ])
    func proficiencyErrors(path: String, json: String, status: Int, type: String) async throws {
        let item = Self.object(json)
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let reply = await h.call("POST", "/users/\(H.managed)/\(jdoe)/\(path)", json: ["UserProficiencies": [item]])
        #expect(reply.status == status && reply.errorType == type, "\(reply.text)")
    }

    // MARK: Seed

    @Test func theSeedCarriesChannelsTagsAndProficiencies() async throws {
        var seed = ConnectSeed.defaultSeed
        seed.instances[0].users[0].channels = [
            "VOICE": .init(autoAccept: true, afterContactWorkTimeLimit: 20, agentFirstCallbackAutoAccept: false,
                           persistentConnection: true, voiceEnhancementMode: "NOISE_SUPPRESSION"),
            "TASK": .init(autoAccept: true, afterContactWorkTimeLimit: 300),
        ]
        seed.instances[0].users[0].proficiencies = [.init(attributeName: "Language", attributeValue: "Spanish", level: 3)]
        seed.instances[0].users[0].tags = ["team": "red"]
        let h = try H(seed: seed)
        let admin = ConnectSeed.userID(instanceID: H.managed, username: "admin")
        let user = await h.describe(admin)
        let auto = Self.byChannel(user, "AutoAcceptConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { auto[$0]?["AutoAccept"] as? Bool } == [true, false, true, false])
        #expect(auto["VOICE"]?["AgentFirstCallbackAutoAccept"] as? Bool == false)
        let acw = Self.byChannel(user, "AfterContactWorkConfigs")
        #expect(["VOICE", "CHAT", "TASK", "EMAIL"].map { Self.acw(acw[$0]) } == [20, 0, 300, 0])
        #expect(user["VoiceEnhancementConfigs"] as? [[String: String]] == [["Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"]])
        #expect(user["Tags"] as? [String: String] == ["team": "red"])
        let listed = await h.call("GET", "/users/\(H.managed)/\(admin)/proficiencies")
        #expect((listed.json["UserProficiencyList"] as? [[String: Any]])?.first?["AttributeValue"] as? String == "Spanish")

        var bad = ConnectSeed.defaultSeed
        bad.instances[0].users[0].proficiencies = [.init(attributeName: "Language", attributeValue: "Latin", level: 3)]
        #expect(throws: ConnectSeedError.self) { try ConnectService(seed: bad) }
        var json = ConnectSeed.defaultSeedJSON
        json = json.replacingOccurrences(of: #""autoAccept": false, "afterContactWorkTimeLimit": 0}"#,
                                         with: #""autoAccept": false, "afterContactWorkTimeLimit": 0, "channels": {"CHAT": {"autoAccept": true}}, "proficiencies": [{"attributeName": "Technology", "attributeValue": "Networking", "level": 1}]}"#)
        let decoded = try ConnectSeed.decode(Array(json.utf8))
        #expect(decoded.instances[0].users[0].channels["CHAT"]?.autoAccept == true)
        #expect(decoded.instances[0].users[0].proficiencies.first?.attributeValue == "Networking")
    }
}
