@testable import BulkEngine
import ConnectClient
import Testing

/// The update diff for the settings beyond the 2019 template: per-channel settings through
/// UpdateUserConfig with only what differs, tags, proficiencies, secondary email and mobile.
@Suite struct UserDiffChannelTests {
    /// A user as SearchUsers reports it today: every channel's lists, tags.
    static let user = ConnectUser(
        id: "u-1", arn: "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u-1", username: "jdoe",
        identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe"), emailIsKnown: false,
        phoneConfig: ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true, afterContactWorkTimeLimit: 30),
        securityProfileIDs: ["sp-agent"], routingProfileID: "rp-basic", hierarchyGroupID: nil,
        channels: [
            .voice: ConnectChannelConfig(autoAccept: true, agentFirstCallbackAutoAccept: false, afterContactWorkSeconds: 30,
                                         agentFirstCallbackAfterContactWorkSeconds: 5, phoneType: .softPhone,
                                         persistentConnection: false, voiceEnhancement: ConnectVoiceEnhancement.none),
            .chat: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 60),
            .task: ConnectChannelConfig(autoAccept: true, afterContactWorkSeconds: 90),
            .email: ConnectChannelConfig(autoAccept: false, afterContactWorkSeconds: 120),
        ],
        tags: ["team": "blue", "site": "austin"])

    static let proficiencies = [ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 5),
                                ConnectUserProficiency(attributeName: "Technology", attributeValue: "Billing", level: 2)]

    func updates(_ changes: UserChanges, proficiencies: [ConnectUserProficiency]? = Self.proficiencies) throws -> [UserUpdate] {
        try UserDiff.updates(from: Self.user, to: changes, proficiencies: proficiencies, identity: .connectManaged).get()
    }

    @Test func aPhoneTypeChangeSendsOnlyVoicesPhoneNumberConfig() throws {
        let calls = try updates(UserChanges(username: "jdoe", phoneType: .deskPhone, deskPhoneNumber: "+12145550198"))
        #expect(calls == [.channels([.voice: ConnectChannelConfig(phoneType: .deskPhone, phoneNumber: "+12145550198")])])
    }

    @Test func oneChannelsACWChangesOnlyThatChannel() throws {
        let calls = try updates(UserChanges(username: "jdoe", channels: ChannelSettings(afterContactWork: [.chat: 75])))
        #expect(calls == [.channels([.chat: ConnectChannelConfig(afterContactWorkSeconds: 75)])])
    }

    @Test func theLegacyACWChangesOnlyTheChannelsThatDiffer() throws {
        // ACW 60 everywhere: chat has it already.
        let calls = try updates(UserChanges(username: "jdoe", afterContactWorkTimeLimit: 60))
        #expect(calls == [.channels([
            .voice: ConnectChannelConfig(afterContactWorkSeconds: 60, agentFirstCallbackAfterContactWorkSeconds: 5),
            .task: ConnectChannelConfig(afterContactWorkSeconds: 60), .email: ConnectChannelConfig(afterContactWorkSeconds: 60),
        ])])
    }

    @Test func callbackSettingsKeepVoicesOwn() throws {
        let calls = try updates(UserChanges(username: "jdoe", channels: ChannelSettings(callbackAutoAccept: true, callbackAfterContactWork: 5)))
        #expect(calls == [.channels([.voice: ConnectChannelConfig(autoAccept: true, agentFirstCallbackAutoAccept: true)])])
    }

    @Test func voiceOnlyListsAreSentAlone() throws {
        let calls = try updates(UserChanges(username: "jdoe", channels: ChannelSettings(persistentConnection: true,
            voiceEnhancement: .noiseSuppression)))
        #expect(calls == [.channels([.voice: ConnectChannelConfig(persistentConnection: true, voiceEnhancement: .noiseSuppression)])])
    }

    @Test func aRowAsTheUserIsCostsNothing() throws {
        let same = UserChanges(username: "jdoe", phoneType: .softPhone, autoAccept: true,
                               channels: ChannelSettings(autoAccept: [.chat: false, .task: true], afterContactWork: [.voice: 30, .chat: 60, .task: 90,
                                   .email: 120],
                                                         callbackAutoAccept: false, callbackAfterContactWork: 5, persistentConnection: false, voiceEnhancement: ChannelSettings.VoiceEnhancement.none),
                               tags: ["site": "austin", "team": "blue"],
                               proficiencies: [SheetProficiency(attribute: "Technology", value: "Billing", level: 2),
                                               SheetProficiency(attribute: "Language", value: "English", level: 5)])
        #expect(try updates(same) == [])
    }

    @Test func tagsAreTaggedAndUntagged() throws {
        let calls = try updates(UserChanges(username: "jdoe", tags: ["team": "green", "floor": "3"]))
        #expect(calls == [.tag(["team": "green", "floor": "3"]), .untag(keys: ["site"])])
        #expect(try updates(UserChanges(username: "jdoe", tags: [:])) == [.untag(keys: ["site", "team"])])
        #expect(try updates(UserChanges(username: "jdoe", tags: ["team": "blue", "site": "austin", "x": ""])) == [.tag(["x": ""])])
    }

    @Test func proficienciesAreDisassociatedAssociatedAndUpdated() throws {
        let calls = try updates(UserChanges(username: "jdoe", proficiencies: [
            SheetProficiency(attribute: "Language", value: "English", level: 3), SheetProficiency(attribute: "Language", value: "Spanish", level: 1),
        ]))
        #expect(calls == [
            .disassociateProficiencies([ConnectUserProficiency(attributeName: "Technology", attributeValue: "Billing", level: 2)]),
            .associateProficiencies([ConnectUserProficiency(attributeName: "Language", attributeValue: "Spanish", level: 1)]),
            .updateProficiencies([ConnectUserProficiency(attributeName: "Language", attributeValue: "English", level: 3)]),
        ])
        #expect(try updates(UserChanges(username: "jdoe", proficiencies: [])) == [.disassociateProficiencies(Self.proficiencies)])
        // Not asked: not compared.
        #expect(try updates(UserChanges(username: "jdoe"), proficiencies: nil) == [])
    }

    @Test func secondaryEmailAndMobileNeedTheDescriptionAndGoWithTheIdentity() throws {
        let changes = UserChanges(username: "jdoe", mobile: "+12065550199")
        #expect(UserDiff.needsDescription(Self.user, changes))
        var described = Self.user
        described.identityInfo = ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "j@example.com", secondaryEmail: "s@example.com",
            mobile: "+12065550100")
        described.emailIsKnown = true
        let calls = try UserDiff.updates(from: described, to: changes, identity: .connectManaged).get()
        #expect(calls == [.identity(ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "j@example.com", secondaryEmail: "s@example.com",
            mobile: "+12065550199"))])
        #expect(try UserDiff.updates(from: described, to: UserChanges(username: "jdoe", secondaryEmail: "s@example.com"),
            identity: .connectManaged).get() == [])
    }

    @Test func neverMoreThanOneCallPerAPI() throws {
        let all = UserChanges(username: "jdoe", phoneType: .deskPhone, deskPhoneNumber: "+12145550198", autoAccept: false,
            afterContactWorkTimeLimit: 1,
                              channels: ChannelSettings(autoAccept: [.chat: true], voiceEnhancement: .voiceIsolation), tags: ["a": "b"],
                              proficiencies: [SheetProficiency(attribute: "Language", value: "English", level: 1)])
        let calls = try updates(all)
        #expect(calls.filter { if case .channels = $0 { true } else { false } }.count == 1)
        // UpdateUserConfig, TagResource, UntagResource, Disassociate (Billing), Update (English's level).
        #expect(calls.map(\.setting.description) == ["phone settings", "tags", "tags", "proficiencies", "proficiencies"])
    }
}
