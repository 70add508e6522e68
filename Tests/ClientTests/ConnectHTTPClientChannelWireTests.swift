import AWSCore
import ConnectClient
import Foundation
import Testing
import TestSupport

/// The issue 14 operations and members on the wire (per-channel lists, tags, proficiencies,
/// predefined attributes), against the model's shapes with a scripted transport.
@Suite struct ConnectHTTPClientChannelWireTests {
    static let instance = ConnectHTTPClientWireTests.instance
    static let base = "http://127.0.0.1:4566"

    static func client(_ steps: [ScriptedTransport.Step]) throws -> (ConnectHTTPClient, ScriptedTransport) {
        try ConnectHTTPClientWireTests.client(steps)
    }

    static func ok(_ json: String) -> ScriptedTransport.Step { ConnectHTTPClientWireTests.ok(json) }
    static func json(_ request: TransportRequest) throws -> [String: Any] { try ConnectHTTPClientWireTests.json(request) }

    static let voice = ConnectChannelConfig(autoAccept: true, agentFirstCallbackAutoAccept: false, afterContactWorkSeconds: 30,
                                            agentFirstCallbackAfterContactWorkSeconds: 10, phoneType: .deskPhone,
                                            phoneNumber: "+12065550100", persistentConnection: true,
                                            voiceEnhancement: .noiseSuppression)

    @Test func createUserWithChannelsSendsTheListsAndTagsAndNoPhoneConfig() async throws {
        let (connect, transport) = try Self.client([Self.ok(#"{"UserId":"u1","UserArn":"arn:u1"}"#)])
        _ = try await connect.createUser(Self.instance, ConnectNewUser(
            username: "jdoe", password: "S3cretPassword",
            phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: ["sp"], routingProfileID: "rp",
            channels: [.voice: Self.voice, .chat: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 5),
                       .email: ConnectChannelConfig(afterContactWorkSeconds: 0)],
            tags: ["team": "blue", "site": "SEA"]))
        let body = try Self.json(try #require(transport.requests.first))
        #expect(body["PhoneConfig"] == nil)
        #expect(body["Tags"] as? [String: String] == ["team": "blue", "site": "SEA"])
        let autoAccept = try #require(body["AutoAcceptConfigs"] as? [[String: Any]])
        #expect(autoAccept.map { $0["Channel"] as? String } == ["VOICE", "CHAT"])
        #expect(autoAccept[0]["AutoAccept"] as? Bool == true)
        #expect(autoAccept[0]["AgentFirstCallbackAutoAccept"] as? Bool == false)
        #expect(autoAccept[1]["AgentFirstCallbackAutoAccept"] == nil)
        let acw = try #require(body["AfterContactWorkConfigs"] as? [[String: Any]])
        #expect(acw.map { $0["Channel"] as? String } == ["VOICE", "CHAT", "EMAIL"])
        #expect(acw.map { ($0["AfterContactWorkConfig"] as? [String: Int])?["AfterContactWorkTimeLimit"] } == [30, 5, 0])
        #expect((acw[0]["AgentFirstCallbackAfterContactWorkConfig"] as? [String: Int]) == ["AfterContactWorkTimeLimit": 10])
        #expect(acw[1]["AgentFirstCallbackAfterContactWorkConfig"] == nil)
        #expect(body["PhoneNumberConfigs"] as? [[String: String]] == [["Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550100"]])
        #expect((body["PersistentConnectionConfigs"] as? [[String: Any]])?.first?["PersistentConnection"] as? Bool == true)
        #expect(body["VoiceEnhancementConfigs"] as? [[String: String]] == [["Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"]])
    }

    @Test func createUserSendsTheDirectoryUserIDOnlyWhenGiven() async throws {
        let (connect, transport) = try Self.client([Self.ok(#"{"UserId":"u1","UserArn":"arn:u1"}"#),
                                                    Self.ok(#"{"UserId":"u2","UserArn":"arn:u2"}"#)])
        for directoryUserID in ["jdoe@corp.example.com", nil] {
            _ = try await connect.createUser(Self.instance, ConnectNewUser(
                username: "jdoe", phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: ["sp"],
                routingProfileID: "rp", directoryUserID: directoryUserID))
        }
        #expect(try Self.json(transport.requests[0])["DirectoryUserId"] as? String == "jdoe@corp.example.com")
        #expect(try Self.json(transport.requests[1])["DirectoryUserId"] == nil)
    }

    @Test func createUserWithoutChannelsSendsPhoneConfigAndNoListsNorTags() async throws {
        let (connect, transport) = try Self.client([Self.ok(#"{"UserId":"u1","UserArn":"arn:u1"}"#)])
        _ = try await connect.createUser(Self.instance, ConnectNewUser(
            username: "jdoe", phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: ["sp"], routingProfileID: "rp"))
        let body = try Self.json(try #require(transport.requests.first))
        #expect(Set(body.keys) == ["Username", "PhoneConfig", "SecurityProfileIds", "RoutingProfileId"])
    }

    static let lists = """
        "Tags":{"team":"blue"},
        "AutoAcceptConfigs":[{"Channel":"VOICE","AutoAccept":true,"AgentFirstCallbackAutoAccept":false},{"Channel":"CHAT","AutoAccept":false}],
        "AfterContactWorkConfigs":[{"Channel":"VOICE","AfterContactWorkConfig":{"AfterContactWorkTimeLimit":ACW},
                                    "AgentFirstCallbackAfterContactWorkConfig":{"AfterContactWorkTimeLimit":CB}},
                                   {"Channel":"TASK","AfterContactWorkConfig":{"AfterContactWorkTimeLimit":0}}],
        "PhoneNumberConfigs":[{"Channel":"VOICE","PhoneType":"DESK_PHONE","PhoneNumber":"+12065550100"}],
        "PersistentConnectionConfigs":[{"Channel":"VOICE","PersistentConnection":true}],
        "VoiceEnhancementConfigs":[{"Channel":"VOICE","VoiceEnhancementMode":"NOISE_SUPPRESSION"}]
        """

    static let expectedChannels: ConnectChannelConfigs = [
        .voice: voice,
        .chat: ConnectChannelConfig(autoAccept: false),
        .task: ConnectChannelConfig(afterContactWorkSeconds: 0),
    ]

    @Test func describeUserReadsTheListsInSecondsAndTheTags() async throws {
        let lists = Self.lists.replacingOccurrences(of: "ACW", with: "30").replacingOccurrences(of: "CB", with: "10")
        let (connect, _) = try Self.client([Self.ok("""
            {"User":{"Id":"u","Arn":"arn:u","Username":"jdoe","IdentityInfo":{},"SecurityProfileIds":[],"RoutingProfileId":"rp",\(lists)}}
            """)])
        let user = try await connect.describeUser(Self.instance, userID: "u")
        #expect(user.channels == Self.expectedChannels)
        #expect(user.tags == ["team": "blue"])
    }

    /// SearchUsers: AWS documents PhoneConfig's ACW "in milliseconds" and nothing for the
    /// per-channel lists: their values are kept as reported, and read in either unit.
    @Test(arguments: ConnectAfterContactWorkUnit.allCases)
    func searchUsersKeepsThePerChannelAfterContactWorkAsReported(unit: ConnectAfterContactWorkUnit) async throws {
        let lists = Self.lists.replacingOccurrences(of: "ACW", with: "\(unit.reported(30))")
            .replacingOccurrences(of: "CB", with: "\(unit.reported(10))")
        let (connect, _) = try Self.client([Self.ok("""
            {"Users":[{"Id":"u","Arn":"arn:u","Username":"jdoe","SecurityProfileIds":[],"RoutingProfileId":"rp",\(lists)}]}
            """)])
        let user = try #require(try await connect.searchUsers(Self.instance, usernames: ["jdoe"]).first)
        #expect(!user.afterContactWorkIsKnown && user.reportsNonZeroAfterContactWork)
        #expect(user.channels.values.allSatisfy { $0.afterContactWorkSeconds == nil && $0.agentFirstCallbackAfterContactWorkSeconds == nil })
        #expect(user.reportedAfterContactWork?[.voice] == ConnectReportedAfterContactWork(limit: unit.reported(30), callbackLimit: unit.reported(10)))
        #expect(user.readingAfterContactWork(in: unit).channels == Self.expectedChannels)
        #expect(user.readingAfterContactWork(in: unit).afterContactWorkIsKnown)
        #expect(user.readingZeroAfterContactWork == nil)
        #expect(user.tags == ["team": "blue"])
    }

    @Test func aUserWithoutListsHasNoChannelsAndNoTags() async throws {
        let (connect, _) = try Self.client([Self.ok("""
            {"User":{"Id":"u","Arn":"arn:u","Username":"jdoe","SecurityProfileIds":[],"RoutingProfileId":"rp"}}
            """)])
        let user = try await connect.describeUser(Self.instance, userID: "u")
        #expect(user.channels.isEmpty && user.tags.isEmpty)
    }

    @Test func updateUserConfigCarriesOnlyTheGivenChannelsAndLists() async throws {
        let (connect, transport) = try Self.client([Self.ok("")])
        try await connect.updateUserConfig(Self.instance, userID: "u/1", [.chat: ConnectChannelConfig(autoAccept: true)])
        let request = try #require(transport.requests.first)
        #expect(request.method == .POST)
        #expect(request.url == "\(Self.base)/users/\(Self.instance)/u%2F1/config")
        let body = try Self.json(request)
        #expect(Array(body.keys) == ["AutoAcceptConfigs"])
        let items = try #require(body["AutoAcceptConfigs"] as? [[String: Any]])
        #expect(items.count == 1 && Set(items[0].keys) == ["Channel", "AutoAccept"])
        #expect(items[0]["Channel"] as? String == "CHAT" && items[0]["AutoAccept"] as? Bool == true)
    }

    @Test func tagsGoToTheEncodedArnFiftyAtATime() async throws {
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/u-1"
        let (connect, transport) = try Self.client(Array(repeating: Self.ok(""), count: 4))
        let tags = Dictionary(uniqueKeysWithValues: (1...60).map { ("k\($0)", "v\($0)") })
        try await connect.tagResource(arn: arn, tags: tags)
        try await connect.untagResource(arn: arn, keys: (1...60).map { "k\($0)" })
        let requests = transport.requests
        #expect(requests.count == 4)
        let encoded = "arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fi-1%2Fagent%2Fu-1"
        #expect(requests[0].method == .POST && requests[0].url == "\(Self.base)/tags/\(encoded)")
        let sent = try requests[0 ..< 2].map { try #require(try Self.json($0)["tags"] as? [String: String]) }
        #expect(sent.map(\.count) == [50, 10])
        #expect(sent[0].merging(sent[1]) { a, _ in a } == tags)
        #expect(requests[2].method == .DELETE && requests[2].body.isEmpty)
        #expect(requests[2].url.hasPrefix("\(Self.base)/tags/\(encoded)?tagKeys=k1&tagKeys=k2&"))
        #expect(requests[2].url.components(separatedBy: "tagKeys=").count - 1 == 50)
        #expect(requests[3].url.components(separatedBy: "tagKeys=").count - 1 == 10)
    }

    @Test func proficienciesUseTheModelsPathsAndMembers() async throws {
        let (connect, transport) = try Self.client([
            Self.ok(#"{"UserProficiencyList":[{"AttributeName":"Language","AttributeValue":"English","Level":4.0}],"NextToken":"n"}"#),
            Self.ok(#"{"UserProficiencyList":[{"AttributeName":"Technology","AttributeValue":"Billing","Level":2.5}]}"#),
            Self.ok(""), Self.ok(""), Self.ok(""),
        ])
        let listed = try await connect.listUserProficiencies(Self.instance, userID: "u")
        #expect(listed == [ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 4),
                           ConnectUserProficiency(attributeName: "Technology", attributeValue: "Billing", level: 2.5)])
        let one = [ConnectUserProficiency(attributeName: "Language", attributeValue: "French", level: 3)]
        try await connect.associateUserProficiencies(Self.instance, userID: "u", one)
        try await connect.updateUserProficiencies(Self.instance, userID: "u", one)
        try await connect.disassociateUserProficiencies(Self.instance, userID: "u", one)
        try await connect.associateUserProficiencies(Self.instance, userID: "u", [])  // no call
        let user = "\(Self.base)/users/\(Self.instance)/u/"
        #expect(transport.requests.map(\.url) == [
            user + "proficiencies?maxResults=100", user + "proficiencies?maxResults=100&nextToken=n",
            user + "associate-proficiencies", user + "proficiencies", user + "disassociate-proficiencies",
        ])
        #expect(transport.requests.map(\.method) == [.GET, .GET, .POST, .POST, .POST])
        let bodies = try transport.requests[2...].map { try #require(try Self.json($0)["UserProficiencies"] as? [[String: Any]]) }
        for body in bodies { #expect(body.count == 1 && body[0]["AttributeName"] as? String == "Language" && body[0]["AttributeValue"] as? String == "French") }
        #expect(bodies.map { $0[0]["Level"] as? Double } == [3.0, 3.0, nil])
        #expect(bodies.map { $0[0].count } == [3, 3, 2])
    }

    @Test func searchPredefinedAttributesReadsEveryPage() async throws {
        let (connect, transport) = try Self.client([
            Self.ok(#"{"PredefinedAttributes":[{"Name":"Language","Values":{"StringList":["English","Spanish"]}}],"NextToken":"p2","ApproximateTotalCount":2}"#),
            Self.ok(#"{"PredefinedAttributes":[{"Name":"Technology","Values":{"StringList":["Billing"]}}]}"#),
        ])
        let attributes = try await connect.searchPredefinedAttributes(Self.instance)
        #expect(attributes == [ConnectPredefinedAttribute(name: "Language", values: ["English", "Spanish"]),
                               ConnectPredefinedAttribute(name: "Technology", values: ["Billing"])])
        #expect(transport.requests.allSatisfy { $0.method == .POST && $0.url == "\(Self.base)/search-predefined-attributes" })
        let bodies = try transport.requests.map(Self.json)
        #expect(bodies.map { $0["MaxResults"] as? Int } == [100, 100])
        #expect(bodies.map { $0["NextToken"] as? String } == [nil, "p2"])
        #expect(bodies.allSatisfy { $0["InstanceId"] as? String == Self.instance })
    }
}
