import Foundation
import LocalStack
import Testing

/// botocore as the oracle for the issue 14 operations and members: it serializes (and
/// validates) the requests from AWS's model, the service answers, botocore parses the answers.
@Suite struct ConnectBotocoreChannelTests {
    typealias H = ConnectHarness

    @Test func botocoreRequestsForChannelsTagsAndProficienciesAreAnsweredAndParsed() async throws {
        let h = try H()
        let managed = H.managed
        let jdoe = ConnectSeed.userID(instanceID: managed, username: "jdoe")
        let calls: [(String, [String: Any])] = [
            ("CreateUser", ["InstanceId": managed, "Username": "chan", "Password": "F@keP@ssw0rd",
                            "IdentityInfo": ["FirstName": "Roe", "LastName": "Richard", "Email": "rroe@example.com"],
                            "SecurityProfileIds": [H.securityProfile("Agent")],
                            "RoutingProfileId": H.routingProfile("Basic Routing Profile"),
                            "AutoAcceptConfigs": [["Channel": "VOICE", "AutoAccept": true, "AgentFirstCallbackAutoAccept": false],
                                                  ["Channel": "CHAT", "AutoAccept": true]],
                            "AfterContactWorkConfigs": [["Channel": "EMAIL", "AfterContactWorkConfig": ["AfterContactWorkTimeLimit": 600]]],
                            "PhoneNumberConfigs": [["Channel": "VOICE", "PhoneType": "SOFT_PHONE"]],
                            "PersistentConnectionConfigs": [["Channel": "VOICE", "PersistentConnection": true]],
                            "VoiceEnhancementConfigs": [["Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"]],
                            "Tags": ["team": "blue"]]),
            ("UpdateUserConfig", ["InstanceId": managed, "UserId": jdoe,
                                  "AfterContactWorkConfigs": [["Channel": "TASK", "AfterContactWorkConfig": ["AfterContactWorkTimeLimit": 45],
                                                               ]]]),
            ("DescribeUser", ["InstanceId": managed, "UserId": jdoe]),
            ("SearchUsers", ["InstanceId": managed, "MaxResults": 10,
                             "SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "jdoe", "ComparisonType": "EXACT"]]]),
            ("SearchPredefinedAttributes", ["InstanceId": managed, "MaxResults": 1]),
            ("ListPredefinedAttributes", ["InstanceId": managed]),
            ("DescribePredefinedAttribute", ["InstanceId": managed, "Name": "Language"]),
            ("AssociateUserProficiencies", ["InstanceId": managed, "UserId": jdoe, "UserProficiencies": [
                ["AttributeName": "Language", "AttributeValue": "English", "Level": 4.0]]]),
            ("UpdateUserProficiencies", ["InstanceId": managed, "UserId": jdoe, "UserProficiencies": [
                ["AttributeName": "Language", "AttributeValue": "English", "Level": 2.5]]]),
            ("ListUserProficiencies", ["InstanceId": managed, "UserId": jdoe, "MaxResults": 100]),
            ("DisassociateUserProficiencies", ["InstanceId": managed, "UserId": jdoe, "UserProficiencies": [
                ["AttributeName": "Language", "AttributeValue": "English"]]]),
        ]
        let requests = try ConnectBotocoreTests.python(["mode": "serialize", "calls": calls.map { [$0.0, $0.1] }]) as? [[String: String]] ?? []
        try #require(requests.count == calls.count)
        var responses: [[Any]] = []
        for ((name, _), request) in zip(calls, requests) {
            let local = LocalRequest(method: request["method"]!, path: request["path"]!, rawQuery: request["query"]!,
                                     body: Array(request["body"]!.utf8))
            #expect(h.service.operation(for: local) == name, "\(name): \(request)")
            let response = await h.service.handle(local, operation: name, requestID: "req-1")
            #expect(response.status == 200, "\(name): \(response.text)")
            let headers = Dictionary(response.headers.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            responses.append([name, response.status, headers, response.text])
        }
        let parsed = try ConnectBotocoreTests.python(["mode": "parse", "responses": responses]) as? [[String: Any]] ?? []
        try #require(parsed.count == calls.count)

        let user = try #require(parsed[2]["User"] as? [String: Any])
        let acw = (user["AfterContactWorkConfigs"] as? [[String: Any]] ?? []).map {
            "\($0["Channel"] as? String ?? ""):\(($0["AfterContactWorkConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int ?? -1)"
        }
        #expect(acw == ["VOICE:30", "CHAT:30", "TASK:45", "EMAIL:30"])
        let found = try #require((parsed[3]["Users"] as? [[String: Any]])?.first)
        #expect(((found["AfterContactWorkConfigs"] as? [[String: Any]])?[2]["AfterContactWorkConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 45_000)
        #expect((found["VoiceEnhancementConfigs"] as? [[String: String]])?.first?["VoiceEnhancementMode"] == "NONE")
        #expect(((parsed[4]["PredefinedAttributes"] as? [[String: Any]])?.first?["Values"] as? [String: Any])?["StringList"] as? [String] == ["English", "Spanish", "French"])
        #expect(parsed[4]["NextToken"] is String)
        #expect((parsed[5]["PredefinedAttributeSummaryList"] as? [Any])?.count == 2)
        #expect((parsed[6]["PredefinedAttribute"] as? [String: Any])?["Name"] as? String == "Language")
        let held = try #require(parsed[9]["UserProficiencyList"] as? [[String: Any]])
        #expect(held.count == 1 && held[0]["Level"] as? Double == 2.5)
    }
}
