import AWSCore
import Foundation
import LocalStack
import Testing

/// Every operation's happy path, through `LocalRequest` → `handle`.
@Suite struct ConnectServiceTests {
    typealias H = ConnectHarness

    @Test(arguments: [
        ("PUT", "/users/i-1", "CreateUser"),
        ("GET", "/users/i-1/u-1", "DescribeUser"),
        ("DELETE", "/users/i-1/u-1", "DeleteUser"),
        ("POST", "/users/i-1/u-1/identity-info", "UpdateUserIdentityInfo"),
        ("POST", "/users/i-1/u-1/phone-config", "UpdateUserPhoneConfig"),
        ("POST", "/users/i-1/u-1/routing-profile", "UpdateUserRoutingProfile"),
        ("POST", "/users/i-1/u-1/security-profiles", "UpdateUserSecurityProfiles"),
        ("POST", "/users/i-1/u-1/hierarchy", "UpdateUserHierarchy"),
        ("GET", "/users-summary/i-1", "ListUsers"),
        ("POST", "/search-users", "SearchUsers"),
        ("GET", "/security-profiles-summary/i-1", "ListSecurityProfiles"),
        ("GET", "/routing-profiles-summary/i-1", "ListRoutingProfiles"),
        ("GET", "/user-hierarchy-groups-summary/i-1", "ListUserHierarchyGroups"),
        ("GET", "/user-hierarchy-groups/i-1/g-1", "DescribeUserHierarchyGroup"),
        ("POST", "/search-user-hierarchy-groups", "SearchUserHierarchyGroups"),
        ("GET", "/user-hierarchy-structure/i-1", "DescribeUserHierarchyStructure"),
        ("GET", "/instance/i-1", "DescribeInstance"),
        ("PUT", "/quick-connects/i-1", "CreateQuickConnect"),
        ("GET", "/quick-connects/i-1", "ListQuickConnects"),
        ("GET", "/quick-connects/i-1/q-1", "DescribeQuickConnect"),
        ("DELETE", "/quick-connects/i-1/q-1", "DeleteQuickConnect"),
        ("POST", "/search-quick-connects", "SearchQuickConnects"),
        ("POST", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fi%2Fagent%2Fu", "TagResource"),
        ("GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fi%2Fagent%2Fu", "ListTagsForResource"),
        ("DELETE", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fi%2Fagent%2Fu", "UntagResource"),
    ])
    func routesByMethodAndPath(method: String, path: String, operation: String) throws {
        let service = try ConnectService()
        #expect(service.operation(for: LocalRequest(method: method, path: path)) == operation)
    }

    @Test(arguments: [
        ("GET", "/my-bucket/create/agents.csv"),
        ("PUT", "/my-bucket"),
        ("GET", "/users/i-1"),
        ("POST", "/users/i-1/u-1/password"),
        ("PUT", "/users/i-1/u-1"),
        ("GET", "/users/i-1/"),
        ("GET", "/"),
        ("GET", "/2018-06-01/runtime/invocation/next"),
        ("GET", "/search-users"),
    ])
    func unknownShapesAreNotConnect(method: String, path: String) throws {
        let service = try ConnectService()
        #expect(service.operation(for: LocalRequest(method: method, path: path)) == nil)
    }

    @Test func describesTheSeededInstances() async throws {
        let h = try H()
        #expect(h.service.instanceIDs == [H.managed, H.saml, H.directory])
        for (id, alias, type) in [(H.managed, "agents-managed", "CONNECT_MANAGED"), (H.saml, "agents-saml", "SAML"),
                                  (H.directory, "agents-directory", "EXISTING_DIRECTORY")] {
            let reply = await h.call("GET", "/instance/\(id)")
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "x-amzn-RequestId") == "req-1")
            let instance = try #require(reply.json["Instance"] as? [String: Any])
            #expect(instance["Id"] as? String == id)
            #expect(instance["Arn"] as? String == "arn:aws:connect:us-east-1:123456789012:instance/\(id)")
            #expect(instance["InstanceAlias"] as? String == alias)
            #expect(instance["IdentityManagementType"] as? String == type)
            #expect(instance["InstanceStatus"] as? String == "ACTIVE")
            #expect(instance["CreatedTime"] as? Double == H.start.timeIntervalSince1970)
            #expect(instance["InboundCallsEnabled"] as? Bool == true)
            #expect(instance["OutboundCallsEnabled"] as? Bool == true)
            #expect((instance["ServiceRole"] as? String)?.hasPrefix("arn:aws:iam::123456789012:role/") == true)
            #expect(instance["InstanceAccessUrl"] as? String == "https://\(alias).my.connect.aws")
        }
        let missing = await h.call("GET", "/instance/00000000-0000-0000-0000-000000000000")
        #expect(missing.status == 404)
        #expect(missing.errorType == "ResourceNotFoundException")
        #expect(missing.message.contains("00000000-0000-0000-0000-000000000000"))
    }

    @Test func listsProfilesWithStableIDs() async throws {
        let h = try H()
        let security = await h.call("GET", "/security-profiles-summary/\(H.managed)")
        #expect(security.status == 200)
        let profiles = try #require(security.json["SecurityProfileSummaryList"] as? [[String: Any]])
        #expect(profiles.compactMap { $0["Name"] as? String } == ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"])
        #expect(profiles[1]["Id"] as? String == H.securityProfile("Agent"))
        #expect(profiles[1]["Arn"] as? String == """
            arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/security-profile/\(H.securityProfile("Agent"))
            """)
        #expect(profiles[1]["LastModifiedRegion"] as? String == "us-east-1")
        #expect(profiles[1]["LastModifiedTime"] is Double)
        #expect(security.json["NextToken"] == nil)

        let routing = await h.call("GET", "/routing-profiles-summary/\(H.managed)")
        let routes = try #require(routing.json["RoutingProfileSummaryList"] as? [[String: Any]])
        #expect(routes.compactMap { $0["Name"] as? String } == ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"])
        #expect((routes[0]["Arn"] as? String)?.hasSuffix("/routing-profile/\(H.routingProfile("Basic Routing Profile"))") == true)

        // Each instance has its own ids for the same names.
        #expect(H.securityProfile("Agent", instance: H.saml) != H.securityProfile("Agent"))
    }

    @Test func listsPageByPage() async throws {
        let h = try H()
        var names: [String] = []
        var query = "maxResults=3"
        var pages = 0
        while true {
            let reply = await h.call("GET", "/user-hierarchy-groups-summary/\(H.managed)", query: query)
            #expect(reply.status == 200)
            let groups = try #require(reply.json["UserHierarchyGroupSummaryList"] as? [[String: Any]])
            #expect(groups.count <= 3)
            names += groups.compactMap { $0["Name"] as? String }
            pages += 1
            guard let token = reply.json["NextToken"] as? String else { break }
            query = "maxResults=3&nextToken=\(token.uriEncoded)"
        }
        // technical support, IT, Eastern, Australia, US, Eastern, general inquiries.
        #expect(names == ["technical support", "IT", "Eastern", "Australia", "US", "Eastern", "general inquiries"])
        #expect(pages == 3)
    }

    @Test func describesTheHierarchy() async throws {
        let h = try H()
        let structure = await h.call("GET", "/user-hierarchy-structure/\(H.managed)")
        #expect(structure.status == 200)
        let levels = try #require(structure.json["HierarchyStructure"] as? [String: Any])
        #expect((levels["LevelOne"] as? [String: Any])?["Name"] as? String == "Department")
        #expect((levels["LevelTwo"] as? [String: Any])?["Name"] as? String == "Team")
        #expect((levels["LevelThree"] as? [String: Any])?["Name"] as? String == "Region")
        #expect(levels["LevelFour"] == nil)
        #expect((levels["LevelOne"] as? [String: Any])?["Id"] as? String == ConnectSeed.hierarchyLevelID(instanceID: H.managed, level: 1))

        let eastern = H.group("technical support/IT/Eastern")
        let reply = await h.call("GET", "/user-hierarchy-groups/\(H.managed)/\(eastern)")
        #expect(reply.status == 200)
        let group = try #require(reply.json["HierarchyGroup"] as? [String: Any])
        #expect(group["Id"] as? String == eastern)
        #expect(group["Name"] as? String == "Eastern")
        #expect(group["LevelId"] as? String == "3")
        #expect(group["Arn"] as? String == "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent-group/\(eastern)")
        let path = try #require(group["HierarchyPath"] as? [String: [String: Any]])
        #expect(path["LevelOne"]?["Name"] as? String == "technical support")
        #expect(path["LevelOne"]?["Id"] as? String == H.group("technical support"))
        #expect(path["LevelTwo"]?["Name"] as? String == "IT")
        #expect(path["LevelThree"]?["Id"] as? String == eastern)

        let missing = await h.call("GET", "/user-hierarchy-groups/\(H.managed)/nope")
        #expect(missing.status == 404)
        #expect(missing.errorType == "ResourceNotFoundException")
        #expect(missing.message.contains("nope"))
    }

    @Test func searchesHierarchyGroups() async throws {
        let h = try H()
        func names(_ criteria: [String: Any]?, max: Int = 100) async -> (names: [String], total: Int?, token: String?) {
            var body: [String: Any] = ["InstanceId": H.managed, "MaxResults": max]
            if let criteria { body["SearchCriteria"] = criteria }
            let reply = await h.call("POST", "/search-user-hierarchy-groups", json: body)
            let groups = reply.json["UserHierarchyGroups"] as? [[String: Any]] ?? []
            return (groups.compactMap { $0["Name"] as? String }, reply.json["ApproximateTotalCount"] as? Int, reply.json["NextToken"] as? String)
        }
        let all = await names(nil)
        #expect(all.names.count == 7)
        #expect(all.total == 7)
        let eastern = await names(["StringCondition": ["FieldName": "name", "Value": "eastern", "ComparisonType": "EXACT"]])
        #expect(eastern.names == ["Eastern", "Eastern"])
        let level1 = await names(["StringCondition": ["FieldName": "levelId", "Value": "1", "ComparisonType": "EXACT"]])
        #expect(level1.names == ["technical support", "general inquiries"])
        let children = await names(["StringCondition": ["FieldName": "parentId", "Value": H.group("technical support/IT"),
            "ComparisonType": "EXACT"]])
        #expect(children.names == ["Eastern", "Australia"])
        let either = await names(["OrConditions": [
            ["StringCondition": ["FieldName": "name", "Value": "gen", "ComparisonType": "STARTS_WITH"]],
            ["StringCondition": ["FieldName": "resourceID", "Value": H.group("technical support/US"), "ComparisonType": "EXACT"]],
        ]])
        #expect(either.names == ["US", "general inquiries"])
        let page = await names(nil, max: 5)
        #expect(page.names.count == 5)
        #expect(page.total == 7)
        #expect(page.token != nil)

        // The full HierarchyGroup shape, with its path.
        let reply = await h.call("POST", "/search-user-hierarchy-groups", json: [
            "InstanceId": H.managed,
            "SearchCriteria": ["StringCondition": ["FieldName": "name", "Value": "Australia", "ComparisonType": "EXACT"]],
        ])
        let group = try #require((reply.json["UserHierarchyGroups"] as? [[String: Any]])?.first)
        #expect(group["LevelId"] as? String == "3")
        #expect(((group["HierarchyPath"] as? [String: Any])?["LevelTwo"] as? [String: Any])?["Name"] as? String == "IT")
    }

    @Test func createsAndDescribesAUser() async throws {
        let h = try H()
        let (id, reply) = await h.create(H.createBody("rroe", [
            "IdentityInfo": ["FirstName": "Roe", "LastName": "Richard", "Email": "rroe@example.com",
                             "SecondaryEmail": "r2@example.com", "Mobile": "+12065550111"],
            "Tags": ["team": "blue"],
        ]))
        #expect(reply.status == 200)
        let userID = try #require(id)
        #expect(userID == "00000000-0000-4000-8000-000000000001")
        #expect(reply.json["UserArn"] as? String == "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent/\(userID)")

        let user = await h.describe(userID)
        #expect(user["Id"] as? String == userID)
        #expect(user["Username"] as? String == "rroe")
        let identity = try #require(user["IdentityInfo"] as? [String: Any])
        #expect(identity["FirstName"] as? String == "Roe")
        #expect(identity["LastName"] as? String == "Richard")
        #expect(identity["Email"] as? String == "rroe@example.com")
        #expect(identity["SecondaryEmail"] as? String == "r2@example.com")
        #expect(identity["Mobile"] as? String == "+12065550111")
        let phone = try #require(user["PhoneConfig"] as? [String: Any])
        #expect(phone["PhoneType"] as? String == "SOFT_PHONE")
        #expect(phone["AutoAccept"] as? Bool == true)
        #expect(phone["AfterContactWorkTimeLimit"] as? Int == 30)
        #expect(user["SecurityProfileIds"] as? [String] == [H.securityProfile("CallCenterManager")])
        #expect(user["RoutingProfileId"] as? String == H.routingProfile("Basic Routing Profile"))
        #expect(user["HierarchyGroupId"] as? String == H.group("technical support/IT/Eastern"))
        #expect(user["Tags"] as? [String: String] == ["team": "blue"])
        #expect(user["LastModifiedTime"] as? Double == H.start.timeIntervalSince1970)
        #expect(user["LastModifiedRegion"] as? String == "us-east-1")
        #expect(user["DirectoryUserId"] is String)
        #expect(user["Password"] == nil)

        let snapshot = try #require(h.service.users(instanceID: H.managed).last)
        #expect(snapshot.username == "rroe")
        #expect(snapshot.hasPassword)
        #expect(!String(describing: snapshot).contains("F@keP@ssw0rd"))

        let missing = await h.call("GET", "/users/\(H.managed)/no-such-user")
        #expect(missing.status == 404)
        #expect(missing.errorType == "ResourceNotFoundException")
        #expect(missing.message.contains("no-such-user"))
    }

    /// CreateUser's documentation: "For instances not using SAML for identity management, the
    /// user name can include up to 20 characters"; SAML's go to the model's 100.
    @Test func usernamesAreAtMost20CharactersWithoutSAML() async throws {
        let h = try H()
        let (_, twenty) = await h.create(H.createBody(String(repeating: "u", count: 20)))
        #expect(twenty.status == 200)
        let (none, long) = await h.create(H.createBody(String(repeating: "v", count: 21)))
        #expect(none == nil && long.status == 400 && long.errorType == "InvalidParameterException", "\(long.text)")
        #expect(long.message.contains("up to 20 characters"))
        let saml = H.createBody(String(repeating: "w", count: 64), instance: H.saml, ["Password": NSNull(), "IdentityInfo": ["FirstName": "W",
            "LastName": "W"]])
        let (_, samlReply) = await h.create(saml, instance: H.saml)
        #expect(samlReply.status == 200, "\(samlReply.text)")
    }

    @Test func createsADeskPhoneUserWithoutOptionalMembers() async throws {
        let h = try H()
        let (id, reply) = await h.create([
            "Username": "mjackson", "Password": "F@keP@ssw0rd",
            "IdentityInfo": ["FirstName": "Jackson", "LastName": "Mateo"],
            "PhoneConfig": ["PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+12145550198"],
            "SecurityProfileIds": [H.securityProfile("Agent")],
            "RoutingProfileId": H.routingProfile("Basic Routing Profile"),
        ])
        #expect(reply.status == 200)
        let user = await h.describe(try #require(id))
        let phone = try #require(user["PhoneConfig"] as? [String: Any])
        #expect(phone["PhoneType"] as? String == "DESK_PHONE")
        #expect(phone["DeskPhoneNumber"] as? String == "+12145550198")
        #expect(phone["AutoAccept"] as? Bool == false)
        #expect(phone["AfterContactWorkTimeLimit"] as? Int == 0)
        #expect(user["HierarchyGroupId"] == nil)
        #expect(user["Tags"] == nil)
    }

    @Test func listsUsers() async throws {
        let h = try H()
        _ = await h.create(H.createBody("rroe"))
        let reply = await h.call("GET", "/users-summary/\(H.managed)")
        #expect(reply.status == 200)
        let users = try #require(reply.json["UserSummaryList"] as? [[String: Any]])
        #expect(users.compactMap { $0["Username"] as? String } == ["admin", "jdoe", "asmith", "rroe"])
        #expect(users[1]["Id"] as? String == ConnectSeed.userID(instanceID: H.managed, username: "jdoe"))
        #expect(Set(users[0].keys) == ["Id", "Arn", "Username", "LastModifiedTime", "LastModifiedRegion"])
        #expect(reply.json["NextToken"] == nil)
    }

    @Test func updatesEachPart() async throws {
        let h = try H()
        let userID = try #require(await h.create(H.createBody("rroe")).id)
        let base = "/users/\(H.managed)/\(userID)"

        h.advance(seconds: 10)
        let identity = await h.call("POST", "\(base)/identity-info", json: ["IdentityInfo": ["FirstName": "Rich", "LastName": "Roe",
            "Email": "rich@example.com"]])
        #expect(identity.status == 200)
        #expect(identity.body.isEmpty)

        h.advance(seconds: 10)
        let phone = await h.call("POST", "\(base)/phone-config", json: ["PhoneConfig": ["PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+19725550120",
            "AutoAccept": false, "AfterContactWorkTimeLimit": 45]])
        #expect(phone.status == 200)
        #expect(phone.body.isEmpty)

        let routing = await h.call("POST", "\(base)/routing-profile", json: ["RoutingProfileId": H.routingProfile("Sales Routing Profile")])
        #expect(routing.status == 200)

        let security = await h.call("POST", "\(base)/security-profiles", json: ["SecurityProfileIds": [H.securityProfile("Agent"),
            H.securityProfile("QualityAnalyst")]])
        #expect(security.status == 200)

        let hierarchy = await h.call("POST", "\(base)/hierarchy", json: ["HierarchyGroupId": H.group("general inquiries")])
        #expect(hierarchy.status == 200)

        let user = await h.describe(userID)
        let info = try #require(user["IdentityInfo"] as? [String: Any])
        #expect(info["FirstName"] as? String == "Rich")
        #expect(info["Email"] as? String == "rich@example.com")
        let phoneConfig = try #require(user["PhoneConfig"] as? [String: Any])
        #expect(phoneConfig["PhoneType"] as? String == "DESK_PHONE")
        #expect(phoneConfig["DeskPhoneNumber"] as? String == "+19725550120")
        #expect(phoneConfig["AutoAccept"] as? Bool == false)
        #expect(phoneConfig["AfterContactWorkTimeLimit"] as? Int == 45)
        #expect(user["RoutingProfileId"] as? String == H.routingProfile("Sales Routing Profile"))
        #expect(user["SecurityProfileIds"] as? [String] == [H.securityProfile("Agent"), H.securityProfile("QualityAnalyst")])
        #expect(user["HierarchyGroupId"] as? String == H.group("general inquiries"))
        #expect(user["LastModifiedTime"] as? Double == H.start.timeIntervalSince1970 + 20)

        // A partial phone config keeps the members it leaves out.
        _ = await h.call("POST", "\(base)/phone-config", json: ["PhoneConfig": ["AfterContactWorkTimeLimit": 5]])
        let after = try #require(await h.describe(userID)["PhoneConfig"] as? [String: Any])
        #expect(after["PhoneType"] as? String == "DESK_PHONE")
        #expect(after["AfterContactWorkTimeLimit"] as? Int == 5)
    }

    @Test func updateHierarchyWithoutAGroupRemovesIt() async throws {
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        #expect(await h.describe(jdoe)["HierarchyGroupId"] as? String == H.group("technical support/IT/Eastern"))
        let reply = await h.call("POST", "/users/\(H.managed)/\(jdoe)/hierarchy", json: [String: Any]())
        #expect(reply.status == 200)
        #expect(await h.describe(jdoe)["HierarchyGroupId"] == nil)

        let asmith = ConnectSeed.userID(instanceID: H.managed, username: "asmith")
        let nullGroup = await h.call("POST", "/users/\(H.managed)/\(asmith)/hierarchy", raw: #"{"HierarchyGroupId":null}"#)
        #expect(nullGroup.status == 200)
        #expect(await h.describe(asmith)["HierarchyGroupId"] == nil)
        #expect(h.service.users(instanceID: H.managed).first { $0.username == "asmith" }?.hierarchyGroupID == nil)
    }

    @Test func deletesAUser() async throws {
        let h = try H()
        let userID = try #require(await h.create(H.createBody("rroe")).id)
        let reply = await h.call("DELETE", "/users/\(H.managed)/\(userID)")
        #expect(reply.status == 200)
        #expect(reply.body.isEmpty)
        #expect(await h.call("GET", "/users/\(H.managed)/\(userID)").status == 404)
        #expect(await h.call("DELETE", "/users/\(H.managed)/\(userID)").status == 404)
        #expect(!h.service.users(instanceID: H.managed).contains { $0.username == "rroe" })
        // The username is free again, for a new user with a new id.
        let again = await h.create(H.createBody("rroe"))
        #expect(again.reply.status == 200)
        #expect(again.id != userID)
    }

    @Test func tagsUsers() async throws {
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent/\(jdoe)"
        let path = "/tags/\(arn.uriEncoded)"
        #expect(await h.call("POST", path, json: ["tags": ["team": "blue", "site": "Dallas"]]).status == 200)
        let listed = await h.call("GET", path)
        #expect(listed.status == 200)
        #expect(listed.json["tags"] as? [String: String] == ["team": "blue", "site": "Dallas"])
        #expect(await h.call("DELETE", path, query: "tagKeys=site").status == 200)
        #expect(await h.call("GET", path).json["tags"] as? [String: String] == ["team": "blue"])
        #expect(await h.describe(jdoe)["Tags"] as? [String: String] == ["team": "blue"])

        let reserved = await h.call("POST", path, json: ["tags": ["aws:owner": "x"]])
        #expect(reserved.status == 400)
        #expect(reserved.errorType == "InvalidParameterException")
        let empty = await h.call("POST", path, json: ["tags": [String: String]()])
        #expect(empty.errorType == "InvalidParameterException")
        let missingTags = await h.call("POST", path, json: [String: Any]())
        #expect(missingTags.errorType == "InvalidParameterException")
        let unknown = await h.call("GET", "/tags/\("arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent/nobody".uriEncoded)")
        #expect(unknown.status == 404)
        let notAnARN = await h.call("GET", "/tags/not-an-arn")
        #expect(notAnARN.errorType == "InvalidParameterException")
    }
}
