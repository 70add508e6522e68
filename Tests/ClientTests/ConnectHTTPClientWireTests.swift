import AWSCore
import ConnectClient
import Foundation
import Testing
import TestSupport

/// What `ConnectHTTPClient` puts on the wire, checked against the model's shapes with a
/// scripted transport (no stack): paths, query names, bodies, paging by `NextToken`.
@Suite struct ConnectHTTPClientWireTests {
    static let instance = "11111111-2222-3333-4444-555555555555"

    static func client(_ steps: [ScriptedTransport.Step]) throws -> (ConnectHTTPClient, ScriptedTransport) {
        let transport = ScriptedTransport(steps)
        return (ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, maxRetries: 0)), transport)
    }

    static func ok(_ json: String) -> ScriptedTransport.Step {
        .respond(TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(json.utf8)))
    }

    static func json(_ request: TransportRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    static func userSummary(_ name: String, afterContactWorkMs: Int) -> String {
        """
        {"Id":"id-\(name)","Arn":"arn:aws:connect:us-east-1:1:instance/i/agent/id-\(name)","Username":"\(name)",
         "IdentityInfo":{"FirstName":"F","LastName":"L"},
         "PhoneConfig":{"PhoneType":"SOFT_PHONE","AutoAccept":false,"AfterContactWorkTimeLimit":\(afterContactWorkMs)},
         "SecurityProfileIds":["sp"],"RoutingProfileId":"rp"}
        """
    }

    @Test func searchUsersSendsExactUsernameConditionsAndFollowsNextToken() async throws {
        let (connect, transport) = try Self.client([
            Self.ok(#"{"Users":[\#(Self.userSummary("a", afterContactWorkMs: 30000))],"NextToken":"page-2","ApproximateTotalCount":2}"#),
            Self.ok(#"{"Users":[\#(Self.userSummary("b", afterContactWorkMs: 1500))],"ApproximateTotalCount":2}"#),
        ])
        let users = try await connect.searchUsers(Self.instance, usernames: ["a", "b", "a"])
        #expect(users.map(\.username) == ["a", "b"])
        #expect(users.map(\.phoneConfig.afterContactWorkTimeLimit) == [30, 2])
        #expect(users.allSatisfy { !$0.emailIsKnown && $0.identityInfo.email == nil })

        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.method == .POST && $0.url == "http://127.0.0.1:4566/search-users" })
        let first = try Self.json(requests[0])
        #expect(first["InstanceId"] as? String == Self.instance)
        #expect(first["MaxResults"] as? Int == 500)
        #expect(first["NextToken"] == nil)
        let criteria = try #require(first["SearchCriteria"] as? [String: Any])
        #expect(Array(criteria.keys) == ["OrConditions"])
        let conditions = try #require(criteria["OrConditions"] as? [[String: Any]])
        #expect(conditions.count == 2)  // the repeated "a" is asked once
        #expect(conditions.map { ($0["StringCondition"] as? [String: String]) ?? [:] } == [
            ["FieldName": "Username", "Value": "a", "ComparisonType": "EXACT"],
            ["FieldName": "Username", "Value": "b", "ComparisonType": "EXACT"],
        ])
        let second = try Self.json(requests[1])
        #expect(second["NextToken"] as? String == "page-2")
        #expect((second["SearchCriteria"] as? [String: Any])?["OrConditions"] as? [[String: Any]] != nil)
    }

    @Test func searchUsersSplitsSixHundredUsernamesIntoTwoRequests() async throws {
        let (connect, transport) = try Self.client([Self.ok(#"{"Users":[]}"#), Self.ok(#"{"Users":[]}"#)])
        _ = try await connect.searchUsers(Self.instance, usernames: (1...600).map { "user\($0)" })
        let sizes = try transport.requests.map { request in
            ((try Self.json(request)["SearchCriteria"] as? [String: Any])?["OrConditions"] as? [Any])?.count
        }
        #expect(sizes == [500, 100])
    }

    @Test func listsPageWithMaxResultsAndNextTokenQueryNames() async throws {
        let (connect, transport) = try Self.client([
            Self.ok(#"{"SecurityProfileSummaryList":[{"Id":"1","Arn":"arn:1","Name":"One"}],"NextToken":"t/2+="}"#),
            Self.ok(#"{"SecurityProfileSummaryList":[{"Id":"2","Arn":"arn:2","Name":"Two"}]}"#),
            Self.ok(#"{"RoutingProfileSummaryList":[{"Id":"3","Arn":"arn:3","Name":"Three"}]}"#),
        ])
        let security = try await connect.listSecurityProfiles(Self.instance)
        #expect(security.map(\.name) == ["One", "Two"])
        let routing = try await connect.listRoutingProfiles(Self.instance)
        #expect(routing == [ConnectNamedResource(id: "3", arn: "arn:3", name: "Three")])
        let urls = transport.requests.map(\.url)
        #expect(urls == [
            "http://127.0.0.1:4566/security-profiles-summary/\(Self.instance)?maxResults=1000",
            "http://127.0.0.1:4566/security-profiles-summary/\(Self.instance)?maxResults=1000&nextToken=t%2F2%2B%3D",
            "http://127.0.0.1:4566/routing-profiles-summary/\(Self.instance)?maxResults=1000",
        ])
        #expect(transport.requests.allSatisfy { $0.method == .GET && $0.body.isEmpty })
    }

    @Test func hierarchySearchPagesAtOneHundred() async throws {
        let group = #"{"Id":"g3","Arn":"arn:g3","Name":"Eastern","LevelId":"3","HierarchyPath":{"LevelOne":{"Id":"g1","Arn":"a","Name":"technical support"},"LevelTwo":{"Id":"g2","Arn":"a","Name":"IT"},"LevelThree":{"Id":"g3","Arn":"arn:g3","Name":"Eastern"}},"LastModifiedTime":1.7E9}"#
        let (connect, transport) = try Self.client([
            Self.ok(#"{"UserHierarchyGroups":[\#(group)],"NextToken":"n","ApproximateTotalCount":2}"#),
            Self.ok(#"{"UserHierarchyGroups":[{"Id":"g1","Arn":"a","Name":"technical support","HierarchyPath":{"LevelOne":{"Id":"g1","Arn":"a","Name":"technical support"}}}]}"#),
        ])
        let groups = try await connect.searchUserHierarchyGroups(Self.instance)
        #expect(groups == [
            ConnectHierarchyGroup(id: "g3", arn: "arn:g3", name: "Eastern", path: ["technical support", "IT", "Eastern"]),
            ConnectHierarchyGroup(id: "g1", arn: "a", name: "technical support", path: ["technical support"]),
        ])
        let bodies = try transport.requests.map(Self.json)
        #expect(bodies.map { $0["MaxResults"] as? Int } == [100, 100])
        #expect(bodies.map { $0["NextToken"] as? String } == [nil, "n"])
        #expect(transport.requests.allSatisfy { $0.url == "http://127.0.0.1:4566/search-user-hierarchy-groups" })
    }

    @Test func updateUserHierarchyWithNilSendsNoGroupMember() async throws {
        let (connect, transport) = try Self.client([Self.ok(""), Self.ok("")])
        try await connect.updateUserHierarchy(Self.instance, userID: "u/1", hierarchyGroupID: nil)
        try await connect.updateUserHierarchy(Self.instance, userID: "u/1", hierarchyGroupID: "g-1")
        #expect(transport.requests.map(\.url) == Array(repeating: "http://127.0.0.1:4566/users/\(Self.instance)/u%2F1/hierarchy", count: 2))
        #expect(transport.requests[0].body == Array("{}".utf8))
        #expect(try Self.json(transport.requests[1]) as? [String: String] == ["HierarchyGroupId": "g-1"])
    }

    @Test func createUserBodyUsesTheModelsMembers() async throws {
        let (connect, transport) = try Self.client([Self.ok(#"{"UserId":"u1","UserArn":"arn:u1"}"#)])
        let created = try await connect.createUser(Self.instance, ConnectNewUser(
            username: "jdoe", password: "S3cretPassword",
            identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "j@example.com"),
            phoneConfig: ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 30, deskPhoneNumber: "+12065550100"),
            securityProfileIDs: ["sp1", "sp2"], routingProfileID: "rp", hierarchyGroupID: nil))
        #expect(created == ConnectCreatedUser(userID: "u1", userARN: "arn:u1"))
        let request = try #require(transport.requests.first)
        #expect(request.method == .PUT)
        #expect(request.url == "http://127.0.0.1:4566/users/\(Self.instance)")
        #expect(request.headers.first(name: "Content-Type") == "application/json")
        let body = try Self.json(request)
        #expect(Set(body.keys) == ["Username", "Password", "IdentityInfo", "PhoneConfig", "SecurityProfileIds", "RoutingProfileId"])
        #expect(body["Password"] as? String == "S3cretPassword")
        #expect(body["IdentityInfo"] as? [String: String] == ["FirstName": "Jane", "LastName": "Doe", "Email": "j@example.com"])
        let phone = try #require(body["PhoneConfig"] as? [String: Any])
        #expect(phone["PhoneType"] as? String == "DESK_PHONE")
        #expect(phone["AutoAccept"] as? Bool == true)
        #expect(phone["AfterContactWorkTimeLimit"] as? Int == 30)
        #expect(phone["DeskPhoneNumber"] as? String == "+12065550100")
    }

    @Test func updatesGoToTheModelsPathsWithTheModelsNames() async throws {
        let (connect, transport) = try Self.client(Array(repeating: Self.ok(""), count: 4))
        try await connect.updateUserIdentityInfo(Self.instance, userID: "u", ConnectIdentityInfo(firstName: "A"))
        try await connect.updateUserConfig(Self.instance, userID: "u", [.voice: ConnectChannelConfig(afterContactWorkSeconds: 0)])
        try await connect.updateUserRoutingProfile(Self.instance, userID: "u", routingProfileID: "rp")
        try await connect.updateUserSecurityProfiles(Self.instance, userID: "u", securityProfileIDs: ["a", "b"])
        let base = "http://127.0.0.1:4566/users/\(Self.instance)/u/"
        #expect(transport.requests.map(\.url) == ["identity-info", "config", "routing-profile", "security-profiles"].map { base + $0 })
        #expect(transport.requests.allSatisfy { $0.method == .POST })
        let bodies = try transport.requests.map(Self.json)
        #expect(bodies[0]["IdentityInfo"] as? [String: String] == ["FirstName": "A"])
        let afterContactWork = (bodies[1]["AfterContactWorkConfigs"] as? [[String: Any]])?.first
        #expect(afterContactWork?["Channel"] as? String == "VOICE")
        #expect((afterContactWork?["AfterContactWorkConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 0)
        #expect(bodies[2] as? [String: String] == ["RoutingProfileId": "rp"])
        #expect(bodies[3] as? [String: [String]] == ["SecurityProfileIds": ["a", "b"]])
    }

    /// A service that hands back an earlier page's token would page forever: every pager stops
    /// there with an error naming the operation.
    @Test func aRepeatedNextTokenIsAnErrorNotAnEndlessListing() async throws {
        let (lists, listed) = try Self.client([
            Self.ok(#"{"UserSummaryList":[{"Id":"a","Arn":"arn:a","Username":"a"}],"NextToken":"t1"}"#),
            Self.ok(#"{"UserSummaryList":[{"Id":"b","Arn":"arn:b","Username":"b"}],"NextToken":"t1"}"#),
        ])
        let list = await #expect(throws: ConnectClientError.self) { _ = try await lists.listUsers(Self.instance) }
        #expect(list?.operation == "ListUsers" && list?.code == .malformedResponse)
        #expect(listed.requests.count == 2)
        let (searches, searched) = try Self.client([
            Self.ok(#"{"Users":[],"NextToken":"s1"}"#), Self.ok(#"{"Users":[],"NextToken":"s2"}"#), Self.ok(#"{"Users":[],"NextToken":"s1"}"#),
        ])
        let search = await #expect(throws: ConnectClientError.self) { _ = try await searches.searchUsers(Self.instance) }
        #expect(search?.operation == "SearchUsers")
        #expect(searched.requests.count == 3)
    }

    @Test func unreadableAnswersAreConnectClientErrorsNamingTheOperation() async throws {
        let (connect, _) = try Self.client([
            Self.ok("not json"),
            Self.ok(#"{"User":{"Arn":"a","Username":"x","RoutingProfileId":"r"}}"#),
        ])
        let malformed = await #expect(throws: ConnectClientError.self) { _ = try await connect.describeInstance(Self.instance) }
        #expect(malformed?.code == .malformedResponse)
        #expect(malformed?.operation == "DescribeInstance")
        let missing = await #expect(throws: ConnectClientError.self) { _ = try await connect.describeUser(Self.instance, userID: "x") }
        #expect(missing?.code == .missingMember)
        #expect(missing?.operation == "DescribeUser")
    }

    // MARK: Unreadable 2xx answers

    static func page(_ contentType: String, _ body: String) -> ScriptedTransport.Step {
        .respond(TransportResponse(status: 200, headers: ["Content-Type": contentType], body: Array(body.utf8)))
    }

    static let html = page("text/html", "<html><body><h1>Request received</h1></body></html>")

    /// A read whose answer cannot be read is sent again, as for a 5xx; the error after the last
    /// try says how many there were.
    @Test func readsAreSentAgainWhenTheirAnswerCannotBeRead() async throws {
        let transport = ScriptedTransport([
            Self.html, Self.page("application/json", #"{"Users":[{"Id":"id-a""#),
            Self.ok(#"{"Users":[\#(Self.userSummary("a", afterContactWorkMs: 0))]}"#),
        ])
        let connect = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, maxRetries: 3))
        #expect(try await connect.searchUsers(Self.instance, usernames: ["a"]).map(\.username) == ["a"])
        #expect(transport.requests.count == 3)

        let failing = ScriptedTransport(Array(repeating: Self.html, count: 4))
        let unlucky = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: failing, maxRetries: 3))
        let error = await #expect(throws: ConnectClientError.self) { _ = try await unlucky.describeUser(Self.instance, userID: "u") }
        #expect(error?.isUnreadableAnswer == true)
        #expect(error?.attempts == 4)
        #expect(failing.requests.count == 4)
    }

    /// A mutating call's 2xx says the work was done: it is not sent again, whatever its body.
    @Test func mutatingCallsAreNotSentAgainWhenTheirAnswerCannotBeRead() async throws {
        let user = ConnectNewUser(username: "n", password: "F@keP@ssw0rd", identityInfo: ConnectIdentityInfo(firstName: "A", lastName: "B"),
                                  phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: ["sp"], routingProfileID: "rp")
        for step in [Self.ok(""), Self.html, Self.page("application/json", #"{"UserId":"u-1","UserA"#)] {
            let transport = ScriptedTransport([step])
            let connect = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, maxRetries: 3))
            let error = await #expect(throws: ConnectClientError.self) { _ = try await connect.createUser(Self.instance, user) }
            #expect(error?.isUnreadableAnswer == true)
            #expect(error?.operation == "CreateUser")
            #expect(error?.attempts == 1)
            // Nothing of the request (its password) in what the error says.
            #expect(error?.description.contains("F@keP@ssw0rd") == false)
            #expect(transport.requests.count == 1)
        }
        // Tries before the unreadable answer count: a 503, then a page.
        let transport = ScriptedTransport([.respond(.connectError(503, "ServiceUnavailableException", "busy")), Self.html])
        let connect = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: transport, maxRetries: 3))
        let error = await #expect(throws: ConnectClientError.self) { _ = try await connect.createUser(Self.instance, user) }
        #expect(error?.attempts == 2)

        // An update's answer has no members: empty or any JSON object is its answer; a page or
        // JSON cut short is not, and is not sent again.
        let updates = ScriptedTransport([Self.ok(""), Self.ok("{}"), Self.html, Self.page("application/json", "{")])
        let updater = ConnectHTTPClient(client: try TestAWS.client(.connect, transport: updates, maxRetries: 3))
        try await updater.updateUserRoutingProfile(Self.instance, userID: "u", routingProfileID: "rp")
        try await updater.updateUserRoutingProfile(Self.instance, userID: "u", routingProfileID: "rp")
        for _ in 0..<2 {
            let unreadable = await #expect(throws: ConnectClientError.self) {
                try await updater.updateUserRoutingProfile(Self.instance, userID: "u", routingProfileID: "rp")
            }
            #expect(unreadable?.code == .malformedResponse)
            #expect(unreadable?.operation == "UpdateUserRoutingProfile")
        }
        #expect(updates.requests.count == 4)
    }
}
