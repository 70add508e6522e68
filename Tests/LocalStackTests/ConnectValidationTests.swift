import Foundation
import LocalStack
import Testing

/// Constraint violations, identity management rules, missing resources, duplicates, quota.
@Suite struct ConnectValidationTests {
    typealias H = ConnectHarness

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var changes: @Sendable () -> [String: Any]
        var type: String
        var mentions: String

        var testDescription: String { name }
    }

    static let createCases: [Case] = [
        Case(name: "no Username", changes: { ["Username": NSNull()] }, type: "InvalidParameterException", mentions: "Username"),
        Case(name: "empty Username", changes: { ["Username": ""] }, type: "InvalidParameterException", mentions: "Username"),
        Case(name: "Username of 101", changes: { ["Username": String(repeating: "u", count: 101)] }, type: "InvalidParameterException",
            mentions: "Username"),
        Case(name: "short password", changes: { ["Password": "Ab1defg"] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "password without upper", changes: { ["Password": "abcdefg1"] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "password without lower", changes: { ["Password": "ABCDEFG1"] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "password without digit", changes: { ["Password": "Abcdefgh"] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "password with space", changes: { ["Password": "Abc defg1"] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "password of 65", changes: { ["Password": "Aa1" + String(repeating: "x", count: 62)] }, type: "InvalidParameterException",
            mentions: "Password"),
        Case(name: "unknown PhoneType", changes: { ["PhoneConfig": ["PhoneType": "CELL_PHONE"]] }, type: "InvalidParameterException",
            mentions: "PhoneType"),
        Case(name: "desk phone without number", changes: { ["PhoneConfig": ["PhoneType": "DESK_PHONE"]] }, type: "InvalidParameterException",
            mentions: "DeskPhoneNumber"),
        Case(name: "desk number without +", changes: { ["PhoneConfig": ["PhoneType": "DESK_PHONE", "DeskPhoneNumber": "12065550100"]] },
            type: "InvalidParameterException", mentions: "DeskPhoneNumber"),
        Case(name: "desk number starting +0", changes: { ["PhoneConfig": ["PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+0206555010"]] },
            type: "InvalidParameterException", mentions: "DeskPhoneNumber"),
        Case(name: "desk number of 16 digits", changes: { ["PhoneConfig": ["PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+1234567890123456"]] },
            type: "InvalidParameterException", mentions: "DeskPhoneNumber"),
        Case(name: "negative ACW", changes: { ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": -1]] },
            type: "InvalidParameterException", mentions: "AfterContactWorkTimeLimit"),
        Case(name: "ACW over the max", changes: { ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 2_000_001]] },
            type: "InvalidParameterException", mentions: "AfterContactWorkTimeLimit"),
        Case(name: "no security profiles", changes: { ["SecurityProfileIds": [String]()] }, type: "InvalidParameterException",
            mentions: "SecurityProfileIds"),
        Case(name: "11 security profiles", changes: { ["SecurityProfileIds": (1 ... 11).map { "sp-\($0)" }] }, type: "InvalidParameterException",
            mentions: "SecurityProfileIds"),
        Case(name: "SecurityProfileIds missing", changes: { ["SecurityProfileIds": NSNull()] }, type: "InvalidParameterException",
            mentions: "SecurityProfileIds"),
        Case(name: "RoutingProfileId missing", changes: { ["RoutingProfileId": NSNull()] }, type: "InvalidParameterException",
            mentions: "RoutingProfileId"),
        Case(name: "FirstName of 256", changes: { ["IdentityInfo": ["FirstName": String(repeating: "a", count: 256), "LastName": "L"]] },
            type: "InvalidParameterException", mentions: "FirstName"),
        Case(name: "LastName of 301", changes: { ["IdentityInfo": ["FirstName": "F", "LastName": String(repeating: "a", count: 301)]] },
            type: "InvalidParameterException", mentions: "LastName"),
        Case(name: "decomposed FirstName", changes: { ["IdentityInfo": ["FirstName": "Jose\u{301}", "LastName": "Roe"]] },
            type: "InvalidParameterException", mentions: "FirstName"),
        Case(name: "decomposed LastName", changes: { ["IdentityInfo": ["FirstName": "Ana", "LastName": "Mu\u{308}ller"]] },
            type: "InvalidParameterException", mentions: "LastName"),
        Case(name: "bad Mobile", changes: { ["IdentityInfo": ["FirstName": "F", "LastName": "L", "Mobile": "555-0100"]] },
            type: "InvalidParameterException", mentions: "Mobile"),
        Case(name: "empty Tags", changes: { ["Tags": [String: String]()] }, type: "InvalidParameterException", mentions: "Tags"),
        Case(name: "51 Tags", changes: { ["Tags": Dictionary(uniqueKeysWithValues: (1 ... 51).map { ("k\($0)", "v") })] },
            type: "InvalidParameterException", mentions: "Tags"),
        Case(name: "aws: tag key", changes: { ["Tags": ["aws:team": "x"]] }, type: "InvalidParameterException", mentions: "Tags"),
        Case(name: "tag value of 257", changes: { ["Tags": ["team": String(repeating: "v", count: 257)]] }, type: "InvalidParameterException",
            mentions: "Tags"),
        Case(name: "managed without password", changes: { ["Password": NSNull()] }, type: "InvalidParameterException", mentions: "Password"),
        Case(name: "managed without first name", changes: { ["IdentityInfo": ["LastName": "Roe"]] }, type: "InvalidParameterException",
            mentions: "FirstName"),
        Case(name: "managed with empty last name", changes: { ["IdentityInfo": ["FirstName": "Rich", "LastName": ""]] },
            type: "InvalidParameterException", mentions: "LastName"),
        Case(name: "managed without identity", changes: { ["IdentityInfo": NSNull()] }, type: "InvalidParameterException", mentions: "FirstName"),
        Case(name: "Username is a number", changes: { ["Username": 5] }, type: "InvalidRequestException", mentions: "Username"),
        Case(name: "AutoAccept is a string", changes: { ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AutoAccept": "yes"]] },
            type: "InvalidRequestException", mentions: "AutoAccept"),
        Case(name: "ACW is fractional", changes: { ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 1.5]] },
            type: "InvalidRequestException", mentions: "AfterContactWorkTimeLimit"),
        Case(name: "SecurityProfileIds is a string", changes: { ["SecurityProfileIds": "Agent"] }, type: "InvalidRequestException",
            mentions: "SecurityProfileIds"),
        Case(name: "IdentityInfo is a list", changes: { ["IdentityInfo": ["Roe"]] }, type: "InvalidRequestException", mentions: "IdentityInfo"),
        Case(name: "unknown security profile", changes: { ["SecurityProfileIds": ["no-such-profile"]] }, type: "ResourceNotFoundException",
            mentions: "no-such-profile"),
        Case(name: "unknown routing profile", changes: { ["RoutingProfileId": "no-such-routing"] }, type: "ResourceNotFoundException",
            mentions: "no-such-routing"),
        Case(name: "unknown hierarchy group", changes: { ["HierarchyGroupId": "no-such-group"] }, type: "ResourceNotFoundException",
            mentions: "no-such-group"),
        Case(name: "profile of another instance", changes: { ["SecurityProfileIds": [H.securityProfile("Agent", instance: H.saml)]] },
            type: "ResourceNotFoundException", mentions: "Security profile"),
    ]

    @Test(arguments: createCases)
    func createUserRejects(_ testCase: Case) async throws {
        let h = try H()
        let reply = await h.call("PUT", "/users/\(H.managed)", json: H.createBody("rroe", testCase.changes()))
        let status = ["InvalidParameterException": 400, "InvalidRequestException": 400, "ResourceNotFoundException": 404][testCase.type]
        #expect(reply.status == status)
        #expect(reply.errorType == testCase.type)
        #expect(reply.message.contains(testCase.mentions), "\(reply.message)")
        #expect(!reply.text.contains("F@keP@ssw0rd"))
        #expect(h.service.users(instanceID: H.managed).count == 3)
    }

    @Test func passwordRulesAcceptWhatThePatternAccepts() async throws {
        let h = try H()
        for (index, password) in ["F@keP@ssw0rd", "Abcdefg1", "Aa1" + String(repeating: "é", count: 61), "Zz9!\"#$%&'()*"].enumerated() {
            let reply = await h.call("PUT", "/users/\(H.managed)", json: H.createBody("user\(index)", ["Password": password]))
            #expect(reply.status == 200, "\(password): \(reply.message)")
        }
    }

    @Test(arguments: [
        ("{", "InvalidRequestException"),
        ("[1,2]", "InvalidRequestException"),
        ("\"text\"", "InvalidRequestException"),
        ("{\"Username\":\"a\"} trailing", "InvalidRequestException"),
        ("{\"Username\":\"a\\ud800\"}", "InvalidRequestException"),
        ("", "InvalidParameterException"),
        ("{}", "InvalidParameterException"),
    ])
    func malformedBodies(raw: String, type: String) async throws {
        let h = try H()
        let reply = await h.call("PUT", "/users/\(H.managed)", raw: raw)
        #expect(reply.status == 400)
        #expect(reply.errorType == type)
    }

    @Test func errorsUseTheRestJSONFormat() async throws {
        let h = try H()
        let reply = await h.call("PUT", "/users/\(H.managed)", json: H.createBody("rroe", ["Password": "weak"]))
        #expect(reply.headers.first(name: "x-amzn-ErrorType") == "InvalidParameterException:http://internal.amazon.com/coral/com.amazonaws.connect/")
        #expect(reply.headers.first(name: "x-amzn-RequestId") == "req-1")
        #expect(reply.headers.first(name: "Content-Type") == "application/json")
        #expect(!reply.message.isEmpty)
        #expect(!reply.text.contains("weak"))
    }

    @Test func unknownInstance() async throws {
        let h = try H()
        let missing = "11111111-2222-3333-4444-555555555555"
        for (method, path) in [("PUT", "/users/\(missing)"), ("GET", "/users/\(missing)/u"), ("GET", "/users-summary/\(missing)"),
                               ("GET", "/security-profiles-summary/\(missing)"), ("GET", "/user-hierarchy-structure/\(missing)")] {
            let reply = await h.call(method, path, json: method == "PUT" ? H.createBody() : nil)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.errorType == "ResourceNotFoundException")
            #expect(reply.message.contains(missing))
        }
        // An instance ARN is not an instance id.
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)"
        let byARN = await h.call("GET", "/users-summary/\(arn.uriEncoded)")
        #expect(byARN.status == 404)
        let tooLong = await h.call("GET", "/users-summary/\(String(repeating: "i", count: 101))")
        #expect(tooLong.errorType == "InvalidParameterException")
    }

    @Test func duplicateUsername() async throws {
        let h = try H()
        #expect(await h.create(H.createBody("rroe")).reply.status == 200)
        let again = await h.create(H.createBody("rroe"))
        #expect(again.reply.status == 409)
        #expect(again.reply.errorType == "DuplicateResourceException")
        #expect(again.reply.message.contains("rroe"))
        let seeded = await h.create(H.createBody("jdoe"))
        #expect(seeded.reply.status == 409)
        // The same username in another instance is fine.
        let other = await h.create(H.createBody("rroe", instance: H.saml, ["Password": NSNull(), "IdentityInfo": ["FirstName": "R",
            "LastName": "R"]]), instance: H.saml)
        #expect(other.reply.status == 200)
    }

    @Test func usersPerInstanceQuota() async throws {
        let h = try H(quota: 5)
        #expect(await h.create(H.createBody("u4")).reply.status == 200)
        #expect(await h.create(H.createBody("u5")).reply.status == 200)
        let over = await h.create(H.createBody("u6"))
        #expect(over.reply.status == 429)
        #expect(over.reply.errorType == "LimitExceededException")
        // Deleting one frees a place.
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        #expect(await h.call("DELETE", "/users/\(H.managed)/\(jdoe)").status == 200)
        #expect(await h.create(H.createBody("u6")).reply.status == 200)
        // The quota is per instance.
        let saml = await h.create(H.createBody("s1", instance: H.saml, ["Password": NSNull(), "IdentityInfo": ["FirstName": "S", "LastName": "S"]]),
            instance: H.saml)
        #expect(saml.reply.status == 200)
    }

    // MARK: Identity management types

    @Test func samlRejectsPasswordAndEmail() async throws {
        let h = try H()
        let samlBase: [String: Any] = ["Password": NSNull(), "IdentityInfo": ["FirstName": "Roe", "LastName": "Richard"]]
        let ok = await h.create(H.createBody("rroe", instance: H.saml, samlBase), instance: H.saml)
        #expect(ok.reply.status == 200, "\(ok.reply.message)")

        let password = await h.call("PUT", "/users/\(H.saml)", json: H.createBody("p", instance: H.saml, ["IdentityInfo": ["FirstName": "R",
            "LastName": "R"]]))
        #expect(password.status == 400)
        #expect(password.errorType == "InvalidParameterException")
        #expect(password.message.contains("Password"))
        #expect(password.message.contains("SAML"))
        #expect(!password.text.contains("F@keP@ssw0rd"))

        var withEmail = H.createBody("e", instance: H.saml, samlBase)
        withEmail["IdentityInfo"] = ["FirstName": "R", "LastName": "R", "Email": "r@example.com"]
        let email = await h.call("PUT", "/users/\(H.saml)", json: withEmail)
        #expect(email.status == 400)
        #expect(email.errorType == "InvalidParameterException")
        #expect(email.message.contains("Email"))

        var noName = H.createBody("n", instance: H.saml, samlBase)
        noName["IdentityInfo"] = ["LastName": "R"]
        #expect(await h.call("PUT", "/users/\(H.saml)", json: noName).errorType == "InvalidParameterException")

        // UpdateUserIdentityInfo follows the same rule.
        let userID = try #require(ok.id)
        let update = await h.call("POST", """
            /users/\(H.saml)/\(userID)/identity-info
            """, json: ["IdentityInfo": ["FirstName": "R", "LastName": "R", "Email": "r@example.com"]])
        #expect(update.errorType == "InvalidParameterException")
        #expect(update.message.contains("Email"))
    }

    @Test func existingDirectoryRejectsPasswordAndDefaultsTheDirectoryID() async throws {
        let h = try H()
        let password = await h.call("PUT", "/users/\(H.directory)", json: H.createBody("d1", instance: H.directory))
        #expect(password.errorType == "InvalidParameterException")
        #expect(password.message.contains("Password"))
        let ok = await h.create(H.createBody("d1", instance: H.directory, ["Password": NSNull()]), instance: H.directory)
        #expect(ok.reply.status == 200)
        #expect(await h.describe(try #require(ok.id), instance: H.directory)["DirectoryUserId"] as? String == "d1")
        let given = await h.create(H.createBody("d2", instance: H.directory, ["Password": NSNull(), "DirectoryUserId": "dir-42"]),
            instance: H.directory)
        #expect(await h.describe(try #require(given.id), instance: H.directory)["DirectoryUserId"] as? String == "dir-42")
    }

    // MARK: Updates

    @Test func updatesValidateToo() async throws {
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let base = "/users/\(H.managed)/\(jdoe)"
        let cases: [(String, [String: Any], Int, String)] = [
            ("identity-info", [:], 400, "InvalidParameterException"),
            ("identity-info", ["IdentityInfo": ["FirstName": "Jose\u{301}", "LastName": "X"]], 400, "InvalidParameterException"),
            ("identity-info", ["IdentityInfo": ["Email": "only@example.com"]], 400, "InvalidParameterException"),
            ("phone-config", [:], 400, "InvalidParameterException"),
            ("phone-config", ["PhoneConfig": ["PhoneType": "DESK_PHONE"]], 400, "InvalidParameterException"),
            ("phone-config", ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": -5]], 400, "InvalidParameterException"),
            ("phone-config", ["PhoneConfig": ["AutoAccept": 1]], 400, "InvalidRequestException"),
            ("routing-profile", [:], 400, "InvalidParameterException"),
            ("routing-profile", ["RoutingProfileId": "nope"], 404, "ResourceNotFoundException"),
            ("security-profiles", ["SecurityProfileIds": [String]()], 400, "InvalidParameterException"),
            ("security-profiles", ["SecurityProfileIds": ["nope"]], 404, "ResourceNotFoundException"),
            ("hierarchy", ["HierarchyGroupId": "nope"], 404, "ResourceNotFoundException"),
            ("hierarchy", ["HierarchyGroupId": 7], 400, "InvalidRequestException"),
        ]
        for (suffix, body, status, type) in cases {
            let reply = await h.call("POST", "\(base)/\(suffix)", json: body)
            #expect(reply.status == status, "\(suffix) \(body)")
            #expect(reply.errorType == type, "\(suffix) \(body): \(reply.message)")
        }
        // Nothing changed.
        let user = await h.describe(jdoe)
        #expect((user["IdentityInfo"] as? [String: Any])?["FirstName"] as? String == "Jane")
        #expect(user["HierarchyGroupId"] as? String == H.group("technical support/IT/Eastern"))

        for suffix in ["identity-info", "phone-config", "routing-profile", "security-profiles", "hierarchy"] {
            let reply = await h.call("POST", "/users/\(H.managed)/nobody/\(suffix)", json: [
                "IdentityInfo": ["FirstName": "A", "LastName": "B"], "PhoneConfig": ["PhoneType": "SOFT_PHONE"],
                "RoutingProfileId": H.routingProfile("Basic Routing Profile"), "SecurityProfileIds": [H.securityProfile("Agent")],
            ])
            #expect(reply.status == 404, "\(suffix)")
            #expect(reply.message.contains("nobody"))
        }
    }

    // MARK: Paging parameters

    @Test func pagingParameters() async throws {
        let h = try H()
        let list = "/users-summary/\(H.managed)"
        #expect(await h.call("GET", list, query: "maxResults=0").errorType == "InvalidParameterException")
        #expect(await h.call("GET", list, query: "maxResults=1001").errorType == "InvalidParameterException")
        #expect(await h.call("GET", list, query: "maxResults=1000").status == 200)
        #expect(await h.call("GET", list, query: "maxResults=ten").errorType == "InvalidRequestException")
        #expect(await h.call("GET", list, query: "nextToken=garbage").errorType == "InvalidParameterException")

        let first = await h.call("GET", list, query: "maxResults=1")
        let token = try #require(first.json["NextToken"] as? String)
        // A token is bound to its operation and instance, and cannot be edited.
        #expect(await h.call("GET", """
            /security-profiles-summary/\(H.managed)
            """, query: "nextToken=\(token.uriEncoded)").errorType == "InvalidParameterException")
        #expect(await h.call("GET", "/users-summary/\(H.saml)", query: "nextToken=\(token.uriEncoded)").errorType == "InvalidParameterException")
        let forged = String(token.dropLast()) + (token.last == "A" ? "B" : "A")
        #expect(await h.call("GET", list, query: "nextToken=\(forged.uriEncoded)").errorType == "InvalidParameterException")

        #expect(await h.search(["MaxResults": 0]).errorType == "InvalidParameterException")
        #expect(await h.search(["MaxResults": 501]).errorType == "InvalidParameterException")
        #expect(await h.search(["MaxResults": 500]).status == 200)
        #expect(await h.search(["NextToken": ""]).errorType == "InvalidParameterException")
        #expect(await h.search(["NextToken": "bad"]).errorType == "InvalidParameterException")
        #expect(await h.search(["NextToken": token]).errorType == "InvalidParameterException")
        #expect(await h.call("POST", "/search-users", json: [String: Any]()).errorType == "InvalidParameterException")
        #expect(await h.search(["InstanceId": "nope"]).status == 404)

        let groups = "/search-user-hierarchy-groups"
        #expect(await h.call("POST", groups, json: ["InstanceId": H.managed, "MaxResults": 101]).errorType == "InvalidParameterException")
        #expect(await h.call("POST", groups, json: ["InstanceId": H.managed, "MaxResults": 100]).status == 200)
    }

    @Test func searchCriteriaAreValidated() async throws {
        let h = try H()
        let bad: [[String: Any]] = [
            ["StringCondition": ["FieldName": "Email", "Value": "x", "ComparisonType": "EXACT"]],
            ["StringCondition": ["FieldName": "username", "Value": "x", "ComparisonType": "EXACT"]],
            ["StringCondition": ["FieldName": "Username", "Value": "x", "ComparisonType": "LIKE"]],
            ["StringCondition": ["FieldName": "Username", "Value": "x"]],
            ["StringCondition": ["Value": "x", "ComparisonType": "EXACT"]],
            ["OrConditions": [["StringCondition": ["FieldName": "Nope", "Value": "x", "ComparisonType": "EXACT"]]]],
            ["HierarchyGroupCondition": ["Value": "g", "HierarchyGroupMatchType": "PARENT"]],
        ]
        for criteria in bad {
            let reply = await h.search(["SearchCriteria": criteria])
            #expect(reply.status == 400, "\(criteria)")
            #expect(reply.errorType == "InvalidParameterException", "\(criteria)")
        }
        let wrongType = await h.search(["SearchCriteria": ["OrConditions": "Username"]])
        #expect(wrongType.errorType == "InvalidRequestException")
        let groupField = await h.call("POST", "/search-user-hierarchy-groups", json: [
            "InstanceId": H.managed, "SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "x", "ComparisonType": "EXACT"]],
        ])
        #expect(groupField.errorType == "InvalidParameterException")
    }
}
