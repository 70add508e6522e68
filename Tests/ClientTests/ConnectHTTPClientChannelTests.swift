import AWSCore
import ConnectClient
import Foundation
import LocalStack
import Testing
import TestSupport

/// The issue 14 operations of `ConnectHTTPClient` against the Connect stand-in: what the client
/// sends is what the stack reads, and what the stack reports the client reads back the same
/// from DescribeUser (seconds) and SearchUsers (milliseconds).
@Suite struct ConnectHTTPClientChannelTests {
    let instance = InProcessStack.instanceID

    static let channels: ConnectChannelConfigs = [
        .voice: ConnectChannelConfig(autoAccept: true, agentFirstCallbackAutoAccept: true, afterContactWorkSeconds: 30,
                                     agentFirstCallbackAfterContactWorkSeconds: 10, phoneType: .deskPhone,
                                     phoneNumber: "+12065550199", persistentConnection: true, voiceEnhancement: .voiceIsolation),
        .chat: ConnectChannelConfig(autoAccept: true, afterContactWorkSeconds: 45),
        .task: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 0),
        .email: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 600),
    ]

    func create(_ stack: InProcessStack, _ username: String) async throws -> ConnectCreatedUser {
        try await stack.connect.createUser(instance, ConnectNewUser(
            username: username, password: "N3wAgentPassword",
            identityInfo: ConnectIdentityInfo(firstName: "New", lastName: "Agent", email: "\(username)@example.com"),
            phoneConfig: ConnectPhoneConfig(phoneType: .softPhone), securityProfileIDs: [InProcessStack.securityProfileID("Agent")],
            routingProfileID: InProcessStack.routingProfileID("Basic Routing Profile"),
            channels: Self.channels, tags: ["team": "blue"]))
    }

    @Test func channelsAndTagsRoundTripThroughDescribeAndSearch() async throws {
        let stack = try InProcessStack()
        let created = try await create(stack, "chan1")
        let described = try await stack.connect.describeUser(instance, userID: created.userID)
        #expect(described.channels == Self.channels)
        #expect(described.tags == ["team": "blue"])
        #expect(described.phoneConfig == ConnectPhoneConfig(phoneType: .deskPhone, autoAccept: true, afterContactWorkTimeLimit: 30,
                                                            deskPhoneNumber: "+12065550199"))
        let searched = try #require(try await stack.connect.searchUsers(instance, usernames: ["chan1"]).first)
        // The per-channel ACW waits, as reported, for the job to know its unit (the stack's
        // default reading: milliseconds).
        #expect(!searched.afterContactWorkIsKnown)
        #expect(searched.reportedAfterContactWork?[.voice] == ConnectReportedAfterContactWork(limit: 30_000, callbackLimit: 10_000))
        #expect(searched.readingAfterContactWork(in: .milliseconds).channels == Self.channels)
        #expect(searched.tags == ["team": "blue"])
    }

    @Test func searchingWithoutCriteriaListsEveryUserOncePage500AtATime() async throws {
        var seed = ConnectSeed.defaultSeed
        let template = seed.instances[0].users[1]
        seed.instances[0].users += (0 ..< 1_001).map { index in
            var user = template
            user.username = "every\(index)"
            return user
        }
        let stack = try InProcessStack(seed: seed) { $0.connect.usersPerInstanceQuota = 2_000 }
        let users = try await stack.connect.searchUsers(instance)
        #expect(users.count == 1_004 && Set(users.map(\.id)).count == 1_004)
        #expect(stack.count("SearchUsers") == 3)
        let jdoe = try #require(users.first { $0.username == "jdoe" })
        // As for a search by login: ACW in seconds, email not reported, and a stored roster
        // (an export's) reads back the same.
        #expect(jdoe.phoneConfig.afterContactWorkTimeLimit == 30 && !jdoe.emailIsKnown && jdoe.identityInfo.email == nil)
        let stored = try JSONDecoder().decode([ConnectUser].self, from: JSONEncoder().encode(users))
        #expect(stored == users)
    }

    @Test func updateUserConfigChangesOnlyTheChannelsItCarries() async throws {
        let stack = try InProcessStack()
        let created = try await create(stack, "chan2")
        try await stack.connect.updateUserConfig(instance, userID: created.userID, [
            .voice: ConnectChannelConfig(phoneType: .softPhone),
            .task: ConnectChannelConfig(afterContactWorkSeconds: 120),
        ])
        var expected = Self.channels
        expected[.voice]?.phoneType = .softPhone
        expected[.task]?.afterContactWorkSeconds = 120
        #expect(try await stack.connect.describeUser(instance, userID: created.userID).channels == expected)
        #expect(stack.count("UpdateUserConfig") == 1)
    }

    @Test func tagsAreAddedAndRemovedOnTheUsersArn() async throws {
        let stack = try InProcessStack()
        let created = try await create(stack, "chan3")
        try await stack.connect.tagResource(arn: created.userARN, tags: ["site": "SEA", "team": "green"])
        try await stack.connect.untagResource(arn: created.userARN, keys: ["site"])
        #expect(try await stack.connect.describeUser(instance, userID: created.userID).tags == ["team": "green"])
    }

    @Test func proficienciesAndPredefinedAttributes() async throws {
        let stack = try InProcessStack()
        let attributes = try await stack.connect.searchPredefinedAttributes(instance)
        #expect(attributes == [ConnectPredefinedAttribute(name: "Language", values: ["English", "Spanish", "French"]),
                               ConnectPredefinedAttribute(name: "Technology", values: ["Billing", "Networking"])])
        let jdoe = InProcessStack.userID("jdoe")
        let english = ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 4)
        let billing = ConnectUserProficiency(attributeName: "Technology", attributeValue: "Billing", level: 2)
        try await stack.connect.associateUserProficiencies(instance, userID: jdoe, [english, billing])
        try await stack.connect.updateUserProficiencies(instance, userID: jdoe, [ConnectUserProficiency(attributeName: "Technology",
            attributeValue: "Billing", level: 5)])
        try await stack.connect.disassociateUserProficiencies(instance, userID: jdoe, [english])
        #expect(try await stack.connect.listUserProficiencies(instance, userID: jdoe) == [
            ConnectUserProficiency(attributeName: "Technology", attributeValue: "Billing", level: 5),
        ])
        await #expect(throws: AWSError.self) {
            try await stack.connect.associateUserProficiencies(instance, userID: jdoe, [
                ConnectUserProficiency(attributeName: "Language", attributeValue: "Klingon", level: 3)])
        }
    }
}
