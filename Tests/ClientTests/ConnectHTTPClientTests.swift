import AWSCore
import ConnectClient
import Foundation
import LocalStack
import Testing
import TestSupport

/// `ConnectHTTPClient` against the Connect stand-in, in process: real SigV4, real JSON.
@Suite struct ConnectHTTPClientTests {
    let instance = InProcessStack.instanceID

    // MARK: Instance, profiles, hierarchy

    @Test func describeInstanceReadsIDArnTypeAndAlias() async throws {
        let stack = try InProcessStack()
        let described = try await stack.connect.describeInstance(instance)
        #expect(described.id == instance)
        #expect(described.arn == "arn:aws:connect:us-east-1:123456789012:instance/\(instance)")
        #expect(described.identityManagementType == .connectManaged)
        #expect(described.alias == "agents-managed")
        #expect(stack.calls("Connect").map(\.operation) == ["DescribeInstance"])
    }

    @Test func listsSeededSecurityAndRoutingProfiles() async throws {
        let stack = try InProcessStack()
        let security = try await stack.connect.listSecurityProfiles(instance)
        #expect(Set(security.map(\.name)) == ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"])
        let agent = try #require(security.first { $0.name == "Agent" })
        #expect(agent.id == InProcessStack.securityProfileID("Agent"))
        #expect(agent.arn.hasSuffix("/security-profile/\(agent.id)"))

        let routing = try await stack.connect.listRoutingProfiles(instance)
        #expect(Set(routing.map(\.name)) == ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"])
        #expect(routing.first { $0.name == "Sales Routing Profile" }?.id == InProcessStack.routingProfileID("Sales Routing Profile"))
        #expect(stack.count("ListSecurityProfiles") == 1)
        #expect(stack.count("ListRoutingProfiles") == 1)
    }

    @Test func searchesHierarchyGroupsWithTheirWholePath() async throws {
        let stack = try InProcessStack()
        let groups = try await stack.connect.searchUserHierarchyGroups(instance)
        let byPath = Dictionary(uniqueKeysWithValues: groups.map { ($0.path.joined(separator: "/"), $0) })
        // Every prefix of a seeded path is a group too.
        #expect(Set(byPath.keys) == [
            "technical support", "technical support/IT", "technical support/IT/Eastern", "technical support/IT/Australia",
            "technical support/US", "technical support/US/Eastern", "general inquiries",
        ])
        let eastern = try #require(byPath["technical support/IT/Eastern"])
        #expect(eastern.name == "Eastern")
        #expect(eastern.path == ["technical support", "IT", "Eastern"])
        #expect(eastern.id == InProcessStack.groupID("technical support/IT/Eastern"))
        #expect(byPath["general inquiries"]?.path == ["general inquiries"])
        #expect(stack.count("SearchUserHierarchyGroups") == 1)
    }

    // MARK: Paging

    /// 1,200 security profiles, 1,100 routing profiles, 250 groups: the client pages at the
    /// model's maxima (1000, 1000, 100), one call per page.
    @Test func pagesListsAndGroupSearchAtTheModelsMaximumPageSize() async throws {
        var seed = ConnectSeed.defaultSeed
        seed.instances[0].securityProfiles = (1...1200).map { ConnectSeed.NamedResource(name: "Profile \($0)") }
        seed.instances[0].routingProfiles = (1...1100).map { ConnectSeed.NamedResource(name: "Routing \($0)") }
        seed.instances[0].hierarchyGroups = (1...250).map { "Group \($0)" }
        seed.instances[0].users = []
        let stack = try InProcessStack(seed: seed)

        let security = try await stack.connect.listSecurityProfiles(instance)
        #expect(security.count == 1200)
        #expect(Set(security.map(\.id)).count == 1200)
        let routing = try await stack.connect.listRoutingProfiles(instance)
        #expect(routing.count == 1100)
        let groups = try await stack.connect.searchUserHierarchyGroups(instance)
        #expect(groups.count == 250)
        #expect(Set(groups.map(\.id)).count == 250)

        #expect(stack.count("ListSecurityProfiles") == 2)
        #expect(stack.count("ListRoutingProfiles") == 2)
        #expect(stack.count("SearchUserHierarchyGroups") == 3)
        #expect(stack.calls("Connect").allSatisfy { $0.status == 200 })
    }

    /// 1,200 users created through the API; searching all of them takes ceil(1200/500) = 3
    /// SearchUsers calls, searching 600 takes 2.
    @Test func searchUsersBatchesFiveHundredUsernamesPerCall() async throws {
        let stack = try InProcessStack { $0.connect.usersPerInstanceQuota = 2000 }
        let agent = InProcessStack.securityProfileID("Agent")
        let basic = InProcessStack.routingProfileID("Basic Routing Profile")
        var usernames: [String] = []
        for index in 1...1200 {
            let username = "agent\(index)"
            usernames.append(username)
            _ = try await stack.connect.createUser(instance, ConnectNewUser(
                username: username, password: "Passw0rd\(index)",
                identityInfo: ConnectIdentityInfo(firstName: "First\(index)", lastName: "Last\(index)"),
                phoneConfig: ConnectPhoneConfig(phoneType: .softPhone, afterContactWorkTimeLimit: index % 60),
                securityProfileIDs: [agent], routingProfileID: basic))
        }
        #expect(stack.count("CreateUser") == 1200)

        stack.app.callLog.reset()
        let six = try await stack.connect.searchUsers(instance, usernames: Array(usernames.prefix(600)))
        #expect(six.count == 600)
        #expect(Set(six.map(\.username)) == Set(usernames.prefix(600)))
        #expect(stack.count("SearchUsers") == 2)

        stack.app.callLog.reset()
        let all = try await stack.connect.searchUsers(instance, usernames: usernames + ["nobody-1", "nobody-2"])
        #expect(all.count == 1200)
        #expect(stack.count("SearchUsers") == 3)
        let agent7 = try #require(all.first { $0.username == "agent7" })
        #expect(agent7.phoneConfig.afterContactWorkTimeLimit == 7)
        #expect(agent7.identityInfo == ConnectIdentityInfo(firstName: "First7", lastName: "Last7"))
    }

    @Test func searchUsersWithNoUsernamesMakesNoCall() async throws {
        let stack = try InProcessStack()
        let users = try await stack.connect.searchUsers(instance, usernames: [])
        #expect(users.isEmpty)
        #expect(stack.calls("Connect").isEmpty)
    }

    // MARK: Users

    @Test func searchUsersConvertsMillisecondsAndLeavesEmailUnknown() async throws {
        let stack = try InProcessStack()
        let users = try await stack.connect.searchUsers(instance, usernames: ["jdoe", "asmith", "missing"])
        #expect(users.count == 2)
        let jdoe = try #require(users.first { $0.username == "jdoe" })
        #expect(jdoe.id == InProcessStack.userID("jdoe"))
        #expect(jdoe.phoneConfig == ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true, afterContactWorkTimeLimit: 30))
        #expect(jdoe.emailIsKnown == false)
        #expect(jdoe.identityInfo == ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: nil))
        #expect(jdoe.securityProfileIDs == [InProcessStack.securityProfileID("Agent")])
        #expect(jdoe.routingProfileID == InProcessStack.routingProfileID("Support Routing Profile"))
        #expect(jdoe.hierarchyGroupID == InProcessStack.groupID("technical support/IT/Eastern"))

        let asmith = try #require(users.first { $0.username == "asmith" })
        #expect(asmith.phoneConfig == ConnectPhoneConfig(
            phoneType: .deskPhone, autoAccept: false, afterContactWorkTimeLimit: 120, deskPhoneNumber: "+12065550100"))
        #expect(Set(asmith.securityProfileIDs) == [InProcessStack.securityProfileID("Agent"), InProcessStack.securityProfileID("QualityAnalyst")])
        #expect(stack.count("SearchUsers") == 1)
    }

    @Test func describeUserReportsSecondsAndTheEmail() async throws {
        let stack = try InProcessStack()
        let asmith = try await stack.connect.describeUser(instance, userID: InProcessStack.userID("asmith"))
        #expect(asmith.username == "asmith")
        #expect(asmith.emailIsKnown)
        #expect(asmith.identityInfo == ConnectIdentityInfo(firstName: "Alex", lastName: "Smith", email: "asmith@example.com"))
        #expect(asmith.phoneConfig.afterContactWorkTimeLimit == 120)
        #expect(asmith.phoneConfig.phoneType == .deskPhone)
        #expect(asmith.hierarchyGroupID == InProcessStack.groupID("general inquiries"))
        // Both reads of one user agree once units are converted (email aside; the stack's
        // default reading of the per-channel ACW: milliseconds).
        let searched = try await stack.connect.searchUsers(instance, usernames: ["asmith"]).map { $0.readingAfterContactWork(in: .milliseconds) }
        var described = asmith
        described.identityInfo.email = nil
        described.emailIsKnown = false
        #expect(searched == [described])
    }

    @Test func listUsersPagesAtAThousandAndSeesEveryUser() async throws {
        let stack = try InProcessStack()
        let users = try await stack.connect.listUsers(instance)
        #expect(Set(users.map(\.username)) == ["admin", "jdoe", "asmith"])
        #expect(users.first { $0.username == "jdoe" }?.id == InProcessStack.userID("jdoe"))
        let call = try #require(stack.calls("Connect").last)
        #expect(call.operation == "ListUsers")
    }

    @Test func identityUpdatesCarryAndReadBackTheSecondaryEmailAndMobile() async throws {
        let stack = try InProcessStack()
        let id = InProcessStack.userID("asmith")
        let identity = ConnectIdentityInfo(firstName: "Alex", lastName: "Smith", email: "asmith@example.com",
                                           secondaryEmail: "alex@example.org", mobile: "+12065550123")
        try await stack.connect.updateUserIdentityInfo(instance, userID: id, identity)
        #expect(try await stack.connect.describeUser(instance, userID: id).identityInfo == identity)
        // SearchUsers carries names only.
        let searched = try #require(try await stack.connect.searchUsers(instance, usernames: ["asmith"]).first)
        #expect(searched.identityInfo == ConnectIdentityInfo(firstName: "Alex", lastName: "Smith"))
    }

    @Test func createUserThenDescribeItBack() async throws {
        let stack = try InProcessStack()
        let new = ConnectNewUser(
            username: "newagent", password: "N3wAgentPassword",
            identityInfo: ConnectIdentityInfo(firstName: "New", lastName: "Agent", email: "new@example.com"),
            phoneConfig: ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 45,
                                            deskPhoneNumber: "+12065550111"),
            securityProfileIDs: [InProcessStack.securityProfileID("Agent")],
            routingProfileID: InProcessStack.routingProfileID("Sales Routing Profile"),
            hierarchyGroupID: InProcessStack.groupID("technical support/US/Eastern"))
        let created = try await stack.connect.createUser(instance, new)
        #expect(!created.userID.isEmpty)
        #expect(created.userARN.hasSuffix("/agent/\(created.userID)"))

        let user = try await stack.connect.describeUser(instance, userID: created.userID)
        #expect(user == ConnectUser(
            id: created.userID, arn: created.userARN, username: "newagent", identityInfo: new.identityInfo!, emailIsKnown: true,
            phoneConfig: new.phoneConfig, securityProfileIDs: new.securityProfileIDs, routingProfileID: new.routingProfileID,
            hierarchyGroupID: new.hierarchyGroupID,
            // DescribeUser also reports every channel: PhoneConfig's ACW is every channel's.
            channels: [
                .voice: ConnectChannelConfig(autoAccept: true, afterContactWorkSeconds: 45, phoneType: .deskPhone,
                                             phoneNumber: "+12065550111", persistentConnection: false, voiceEnhancement: ConnectVoiceEnhancement.none),
                .chat: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 45),
                .task: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 45),
                .email: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 45),
            ],
            // Connect gives every user a directory user id, whatever the instance's identity type.
            directoryUserID: user.directoryUserID))
        #expect(user.directoryUserID?.isEmpty == false)
        #expect(stack.calls("Connect").map(\.operation) == ["CreateUser", "DescribeUser"])
    }

    @Test func updatesEachPartOfAUser() async throws {
        let stack = try InProcessStack()
        let jdoe = InProcessStack.userID("jdoe")
        try await stack.connect.updateUserIdentityInfo(instance, userID: jdoe,
            ConnectIdentityInfo(firstName: "Janet", lastName: "Doe-Smith", email: "janet@example.com"))
        // The phone settings through UpdateUserConfig (the client has no UpdateUserPhoneConfig:
        // it sets one ACW on every channel).
        try await stack.connect.updateUserConfig(instance, userID: jdoe, [.voice: ConnectChannelConfig(
            autoAccept: false, afterContactWorkSeconds: 90, phoneType: .deskPhone, phoneNumber: "+12065550123")])
        try await stack.connect.updateUserRoutingProfile(instance, userID: jdoe,
            routingProfileID: InProcessStack.routingProfileID("Basic Routing Profile"))
        try await stack.connect.updateUserSecurityProfiles(instance, userID: jdoe,
            securityProfileIDs: [InProcessStack.securityProfileID("Agent"), InProcessStack.securityProfileID("CallCenterManager")])
        try await stack.connect.updateUserHierarchy(instance, userID: jdoe,
            hierarchyGroupID: InProcessStack.groupID("technical support/IT/Australia"))

        let user = try await stack.connect.describeUser(instance, userID: jdoe)
        #expect(user.identityInfo == ConnectIdentityInfo(firstName: "Janet", lastName: "Doe-Smith", email: "janet@example.com"))
        #expect(user.phoneConfig == ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: false, afterContactWorkTimeLimit: 90,
                                                       deskPhoneNumber: "+12065550123"))
        #expect(user.routingProfileID == InProcessStack.routingProfileID("Basic Routing Profile"))
        #expect(Set(user.securityProfileIDs) == [InProcessStack.securityProfileID("Agent"), InProcessStack.securityProfileID("CallCenterManager")])
        #expect(user.hierarchyGroupID == InProcessStack.groupID("technical support/IT/Australia"))
        #expect(stack.calls("Connect").map(\.operation) == [
            "UpdateUserIdentityInfo", "UpdateUserConfig", "UpdateUserRoutingProfile", "UpdateUserSecurityProfiles",
            "UpdateUserHierarchy", "DescribeUser",
        ])
        #expect(stack.calls("Connect").allSatisfy { $0.status == 200 })
    }

    @Test func nilHierarchyGroupRemovesTheUserFromItsGroup() async throws {
        let stack = try InProcessStack()
        let jdoe = InProcessStack.userID("jdoe")
        #expect(try await stack.connect.describeUser(instance, userID: jdoe).hierarchyGroupID != nil)
        try await stack.connect.updateUserHierarchy(instance, userID: jdoe, hierarchyGroupID: nil)
        #expect(try await stack.connect.describeUser(instance, userID: jdoe).hierarchyGroupID == nil)
        #expect(try await stack.connect.searchUsers(instance, usernames: ["jdoe"]).first?.hierarchyGroupID == nil)
    }

    // MARK: Errors

    @Test func serviceErrorsSurfaceAsAWSErrorCodes() async throws {
        let stack = try InProcessStack()
        let missing = await #expect(throws: AWSError.self) {
            _ = try await stack.connect.describeUser(self.instance, userID: "00000000-0000-0000-0000-000000000000")
        }
        #expect(missing?.code == "ResourceNotFoundException")
        #expect(missing?.statusCode == 404)
        #expect(missing?.operation == "DescribeUser")
        #expect(missing?.service == "Connect")

        let unknownInstance = await #expect(throws: AWSError.self) {
            _ = try await stack.connect.listSecurityProfiles("11111111-1111-1111-1111-111111111111")
        }
        #expect(unknownInstance?.code == "ResourceNotFoundException")
        #expect(unknownInstance?.operation == "ListSecurityProfiles")

        let badGroup = await #expect(throws: AWSError.self) {
            try await stack.connect.updateUserHierarchy(self.instance, userID: InProcessStack.userID("jdoe"),
                                                        hierarchyGroupID: "22222222-2222-2222-2222-222222222222")
        }
        #expect(badGroup?.operation == "UpdateUserHierarchy")
        #expect(badGroup.map { [400, 404].contains($0.statusCode) } == true)
    }

    @Test func createUserErrorsNeverCarryThePassword() async throws {
        let stack = try InProcessStack()
        let password = "Sup3rSecretPassw0rd"
        let duplicate = await #expect(throws: AWSError.self) {
            _ = try await stack.connect.createUser(self.instance, ConnectNewUser(
                username: "jdoe", password: password,
                identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe"), phoneConfig: ConnectPhoneConfig(phoneType: .softPhone),
                securityProfileIDs: [InProcessStack.securityProfileID("Agent")],
                routingProfileID: InProcessStack.routingProfileID("Basic Routing Profile")))
        }
        #expect(duplicate?.code == "DuplicateResourceException", "\(String(describing: duplicate))")
        #expect(duplicate?.operation == "CreateUser")

        let weak = "weak"
        let invalid = await #expect(throws: AWSError.self) {
            _ = try await stack.connect.createUser(self.instance, ConnectNewUser(
                username: "weakling", password: weak,
                identityInfo: ConnectIdentityInfo(firstName: "Weak", lastName: "Ling"), phoneConfig: ConnectPhoneConfig(phoneType: .softPhone),
                securityProfileIDs: [InProcessStack.securityProfileID("Agent")],
                routingProfileID: InProcessStack.routingProfileID("Basic Routing Profile")))
        }
        #expect(invalid?.code == "InvalidParameterException")
        for error in [duplicate, invalid].compactMap({ $0 }) {
            for text in [String(describing: error), String(reflecting: error), error.message] {
                #expect(!text.contains(password))
                #expect(!text.contains("Password\":\"\(weak)"))
            }
        }
    }

    @Test func throttlingSurfacesAfterRetriesAreSpent() async throws {
        let stack = try InProcessStack(unthrottled: false, maxRetries: 2) {
            $0.throttle = TokenBucket.Settings(ratePerSecond: 0.001, burst: 1)
        }
        _ = try await stack.connect.describeInstance(instance)
        let throttled = await #expect(throws: AWSError.self) {
            _ = try await stack.connect.describeInstance(self.instance)
        }
        #expect(throttled?.code == "ThrottlingException")
        #expect(throttled?.statusCode == 429)
        #expect(stack.count("DescribeInstance") == 4)
    }

    @Test func aResetConnectionIsATransportError() async throws {
        let stack = try InProcessStack(maxRetries: 0) {
            $0.faults = FaultPlan.Settings(resetRate: 1, services: ["Connect"])
        }
        let error = await #expect(throws: TransportError.self) {
            _ = try await stack.connect.describeInstance(self.instance)
        }
        #expect(error?.kind == .connectionReset)
    }
}
