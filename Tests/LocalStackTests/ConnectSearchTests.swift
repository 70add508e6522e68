import Foundation
import LocalStack
import Testing

/// SearchUsers: criteria, filters, paging over many users, and the two traps of the real
/// service (milliseconds, lag).
@Suite struct ConnectSearchTests {
    typealias H = ConnectHarness

    /// The default seed's managed instance with `count` more users `user0000`... (names
    /// `First<n>`/`Last<n mod 7>`), every third in the IT/Eastern group.
    static func bigSeed(count: Int) -> ConnectSeed {
        var seed = ConnectSeed.defaultSeed
        for n in 0 ..< count {
            seed.instances[0].users.append(ConnectSeed.User(
                username: String(format: "user%04d", n), firstName: "First\(n)", lastName: "Last\(n % 7)",
                securityProfiles: [n % 2 == 0 ? "Agent" : "Admin"], routingProfile: "Basic Routing Profile",
                afterContactWorkTimeLimit: n % 60,
                hierarchyGroup: n % 3 == 0 ? "technical support/IT/Eastern" : nil))
        }
        return seed
    }

    @Test func noCriteriaReturnsEveryone() async throws {
        let h = try H()
        let reply = await h.search([:])
        #expect(reply.status == 200)
        let users = try #require(reply.json["Users"] as? [[String: Any]])
        #expect(users.compactMap { $0["Username"] as? String } == ["admin", "jdoe", "asmith"])
        #expect(reply.json["ApproximateTotalCount"] as? Int == 3)
        #expect(reply.json["NextToken"] == nil)
        let asmith = try #require(users.last)
        #expect(asmith["Id"] as? String == ConnectSeed.userID(instanceID: H.managed, username: "asmith"))
        #expect((asmith["IdentityInfo"] as? [String: Any])?["FirstName"] as? String == "Alex")
        #expect((asmith["IdentityInfo"] as? [String: Any])?["Email"] == nil)
        #expect(asmith["SecurityProfileIds"] as? [String] == [H.securityProfile("Agent"), H.securityProfile("QualityAnalyst")])
        #expect(asmith["RoutingProfileId"] as? String == H.routingProfile("Sales Routing Profile"))
        #expect(asmith["HierarchyGroupId"] as? String == H.group("general inquiries"))
        #expect(asmith["DirectoryUserId"] is String)
        #expect(asmith["Arn"] as? String == "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent/\(asmith["Id"] as? String ?? "")")
    }

    @Test func stringConditions() async throws {
        let h = try H()
        func condition(_ field: String, _ value: String, _ comparison: String) -> [String: Any] {
            ["StringCondition": ["FieldName": field, "Value": value, "ComparisonType": comparison]]
        }
        #expect(await h.searchUsernames(condition("Username", "jdoe", "EXACT")) == ["jdoe"])
        #expect(await h.searchUsernames(condition("Username", "JDOE", "EXACT")) == ["jdoe"])
        #expect(await h.searchUsernames(condition("Username", "jd", "EXACT")) == [])
        #expect(await h.searchUsernames(condition("Username", "a", "STARTS_WITH")) == ["admin", "asmith"])
        #expect(await h.searchUsernames(condition("Username", "mit", "CONTAINS")) == ["asmith"])
        #expect(await h.searchUsernames(condition("FirstName", "jane", "EXACT")) == ["jdoe"])
        #expect(await h.searchUsernames(condition("LastName", "do", "STARTS_WITH")) == ["jdoe"])
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        #expect(await h.searchUsernames(condition("resourceId", jdoe, "EXACT")) == ["jdoe"])
        #expect(await h.searchUsernames(condition("SecurityProfileId", H.securityProfile("Agent"), "EXACT")) == ["jdoe", "asmith"])
        #expect(await h.searchUsernames(condition("RoutingProfileId", H.routingProfile("Basic Routing Profile"), "EXACT")) == ["admin"])
    }

    @Test func nestedConditions() async throws {
        let h = try H()
        func condition(_ field: String, _ value: String, _ comparison: String = "EXACT") -> [String: Any] {
            ["StringCondition": ["FieldName": field, "Value": value, "ComparisonType": comparison]]
        }
        #expect(await h.searchUsernames(["OrConditions": [condition("Username", "admin"), condition("Username", "jdoe")]]) == ["admin", "jdoe"])
        #expect(await h.searchUsernames(["AndConditions": [condition("Username", "a", "STARTS_WITH"), condition("LastName", "Smith")]]) == ["asmith"])
        #expect(await h.searchUsernames(["AndConditions": [
            condition("SecurityProfileId", H.securityProfile("Agent")),
            ["OrConditions": [condition("FirstName", "Jane"), condition("FirstName", "Ada")]],
        ]]) == ["jdoe"])
        #expect(await h.searchUsernames(["OrConditions": [[String: Any]]()]) == [])
        #expect(await h.searchUsernames(["AndConditions": [[String: Any]]()]) == ["admin", "jdoe", "asmith"])
    }

    @Test func hierarchyAndTagConditions() async throws {
        let h = try H()
        let it = H.group("technical support/IT")
        #expect(await h.searchUsernames(["HierarchyGroupCondition": ["Value": it, "HierarchyGroupMatchType": "EXACT"]]) == [])
        #expect(await h.searchUsernames(["HierarchyGroupCondition": ["Value": it, "HierarchyGroupMatchType": "WITH_CHILD_GROUPS"]]) == ["jdoe"])
        #expect(await h.searchUsernames(["HierarchyGroupCondition": ["Value": H.group("general inquiries")]]) == ["asmith"])

        let admin = ConnectSeed.userID(instanceID: H.managed, username: "admin")
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/\(H.managed)/agent/\(admin)"
        #expect(await h.call("POST", "/tags/\(arn.uriEncoded)", json: ["tags": ["team": "blue"]]).status == 200)
        #expect(await h.searchUsernames(filter: ["TagFilter": ["TagCondition": ["TagKey": "team", "TagValue": "blue"]]]) == ["admin"])
        #expect(await h.searchUsernames(filter: ["TagFilter": ["TagCondition": ["TagKey": "team", "TagValue": "red"]]]) == [])
        #expect(await h.searchUsernames(filter: ["TagFilter": ["OrConditions": [[["TagKey": "team"]], [["TagKey": "site"]]]]]) == ["admin"])
    }

    /// Trap 1: SearchUsers reports the after-contact work limit in milliseconds.
    @Test func afterContactWorkIsInMillisecondsInSearch() async throws {
        let h = try H()
        let jdoe = ConnectSeed.userID(instanceID: H.managed, username: "jdoe")
        let described = try #require(await h.describe(jdoe)["PhoneConfig"] as? [String: Any])
        #expect(described["AfterContactWorkTimeLimit"] as? Int == 30)
        let reply = await h.search(["SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "jdoe", "ComparisonType": "EXACT"]]])
        let found = try #require((reply.json["Users"] as? [[String: Any]])?.first)
        let phone = try #require(found["PhoneConfig"] as? [String: Any])
        #expect(phone["AfterContactWorkTimeLimit"] as? Int == 30_000)
        #expect(phone["PhoneType"] as? String == "SOFT_PHONE")
        #expect(phone["AutoAccept"] as? Bool == true)
    }

    /// Trap 2: SearchUsers sees writes only `searchLag` after they happen.
    @Test func searchLagsBehindWrites() async throws {
        let h = try H(searchLag: .seconds(5))
        // Seeded users are visible at once.
        #expect(await h.searchUsernames() == ["admin", "jdoe", "asmith"])

        let userID = try #require(await h.create(H.createBody("rroe")).id)
        #expect(await h.describe(userID)["Username"] as? String == "rroe")
        #expect(await h.searchUsernames() == ["admin", "jdoe", "asmith"])
        h.advance(seconds: 4)
        #expect(!(await h.searchUsernames()).contains("rroe"))
        h.advance(seconds: 1)
        #expect(await h.searchUsernames() == ["admin", "jdoe", "asmith", "rroe"])

        // An update: the previous state until the lag has passed.
        func searchedLimit() async -> Int? {
            let reply = await h.search(["SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "rroe", "ComparisonType": "EXACT"]]])
            let user = (reply.json["Users"] as? [[String: Any]])?.first
            return (user?["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int
        }
        #expect(await searchedLimit() == 30_000)
        let update = await h.call("POST", """
            /users/\(H.managed)/\(userID)/phone-config
            """, json: ["PhoneConfig": ["PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 60]])
        #expect(update.status == 200)
        #expect((await h.describe(userID)["PhoneConfig"] as? [String: Any])?["AfterContactWorkTimeLimit"] as? Int == 60)
        #expect(await searchedLimit() == 30_000)
        h.advance(seconds: 2)
        let second = await h.call("POST", "/users/\(H.managed)/\(userID)/phone-config", json: ["PhoneConfig": ["AfterContactWorkTimeLimit": 90]])
        #expect(second.status == 200)
        h.advance(seconds: 3)
        #expect(await searchedLimit() == 60_000)
        h.advance(seconds: 2)
        #expect(await searchedLimit() == 90_000)

        // A delete: still found until the lag has passed, then gone.
        #expect(await h.call("DELETE", "/users/\(H.managed)/\(userID)").status == 200)
        #expect(await h.call("GET", "/users/\(H.managed)/\(userID)").status == 404)
        #expect(await h.searchUsernames().contains("rroe"))
        h.advance(seconds: 5)
        #expect(await h.searchUsernames() == ["admin", "jdoe", "asmith"])
        #expect(!h.service.users(instanceID: H.managed).contains { $0.username == "rroe" })
    }

    @Test func withoutLagSearchSeesWritesAtOnce() async throws {
        let h = try H()
        let userID = try #require(await h.create(H.createBody("rroe")).id)
        #expect(await h.searchUsernames().contains("rroe"))
        #expect(await h.call("DELETE", "/users/\(H.managed)/\(userID)").status == 200)
        #expect(!(await h.searchUsernames()).contains("rroe"))
    }

    // MARK: Paging over many users

    @Test func listUsersPagesThrough1203Users() async throws {
        let h = try H(seed: Self.bigSeed(count: 1200))
        var pages: [[String]] = []
        var query = "maxResults=500"
        while true {
            let reply = await h.call("GET", "/users-summary/\(H.managed)", query: query)
            #expect(reply.status == 200)
            pages.append((reply.json["UserSummaryList"] as? [[String: Any]] ?? []).compactMap { $0["Username"] as? String })
            guard let token = reply.json["NextToken"] as? String else { break }
            query = "maxResults=500&nextToken=\(token.uriEncoded)"
        }
        #expect(pages.map(\.count) == [500, 500, 203])
        let all = pages.flatMap { $0 }
        #expect(Set(all).count == 1203)
        #expect(Array(all.prefix(4)) == ["admin", "jdoe", "asmith", "user0000"])
        #expect(all.last == "user1199")
    }

    @Test func searchUsersPagesThrough1200Matches() async throws {
        let h = try H(seed: Self.bigSeed(count: 1200))
        var pages: [[String]] = []
        var token: String?
        var totals: [Int] = []
        repeat {
            var body: [String: Any] = [
                "MaxResults": 500,
                "SearchCriteria": ["StringCondition": ["FieldName": "Username", "Value": "user", "ComparisonType": "STARTS_WITH"]],
            ]
            if let token { body["NextToken"] = token }
            let reply = await h.search(body)
            #expect(reply.status == 200)
            pages.append((reply.json["Users"] as? [[String: Any]] ?? []).compactMap { $0["Username"] as? String })
            totals.append(reply.json["ApproximateTotalCount"] as? Int ?? -1)
            token = reply.json["NextToken"] as? String
        } while token != nil
        #expect(pages.map(\.count) == [500, 500, 200])
        #expect(totals == [1200, 1200, 1200])
        #expect(pages.flatMap { $0 } == (0 ..< 1200).map { String(format: "user%04d", $0) })

        // Criteria that pick a subset page over the subset only.
        let eastern = await h.searchUsernames(["AndConditions": [
            ["HierarchyGroupCondition": ["Value": H.group("technical support/IT/Eastern"), "HierarchyGroupMatchType": "EXACT"]],
            ["StringCondition": ["FieldName": "LastName", "Value": "last3", "ComparisonType": "EXACT"]],
        ]])
        let expected = (0 ..< 1200).filter { $0 % 3 == 0 && $0 % 7 == 3 }.map { String(format: "user%04d", $0) }
        #expect(eastern == expected)
    }

    @Test func pagingIsStableWhileUsersChange() async throws {
        let h = try H(seed: Self.bigSeed(count: 20))
        let first = await h.call("GET", "/users-summary/\(H.managed)", query: "maxResults=10")
        let firstNames = (first.json["UserSummaryList"] as? [[String: Any]] ?? []).compactMap { $0["Username"] as? String }
        let token = try #require(first.json["NextToken"] as? String)
        // Deleting a user already returned does not shift the next page.
        let gone = ConnectSeed.userID(instanceID: H.managed, username: "user0000")
        #expect(await h.call("DELETE", "/users/\(H.managed)/\(gone)").status == 200)
        let second = await h.call("GET", "/users-summary/\(H.managed)", query: "maxResults=10&nextToken=\(token.uriEncoded)")
        let secondNames = (second.json["UserSummaryList"] as? [[String: Any]] ?? []).compactMap { $0["Username"] as? String }
        #expect(firstNames.last == "user0006")
        #expect(secondNames.first == "user0007")
        #expect(secondNames.count == 10)
    }

    @Test func quotaAppliesOverSeededUsers() async throws {
        let h = try H(seed: Self.bigSeed(count: 600))
        let reply = await h.create(H.createBody("one-more"))
        #expect(reply.reply.errorType == "LimitExceededException")
    }
}
