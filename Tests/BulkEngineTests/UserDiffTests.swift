@testable import BulkEngine
import ConnectClient
import Testing

@Suite struct UserDiffTests {
    static let searched = ConnectUser(
        id: "u-1", arn: "arn:u-1", username: "jdoe",
        identityInfo: ConnectIdentityInfo(firstName: "Jane", lastName: "Doe"), emailIsKnown: false,
        phoneConfig: ConnectPhoneConfig(phoneType: .softPhone, autoAccept: true, afterContactWorkTimeLimit: 30),
        securityProfileIDs: ["sp-agent", "sp-manager"], routingProfileID: "rp-basic", hierarchyGroupID: "g-east")

    static var described: ConnectUser {
        var user = searched
        user.identityInfo = ConnectIdentityInfo(firstName: "Jane", lastName: "Doe", email: "jdoe@example.com",
                                                secondaryEmail: "jane@example.org", mobile: "+12065550100")
        user.emailIsKnown = true
        return user
    }

    func updates(_ changes: UserChanges, from user: ConnectUser = Self.searched,
                 _ management: IdentityManagement = .connectManaged) throws -> [UserUpdate] {
        try UserDiff.updates(from: user, to: changes, identity: management).get()
    }

    @Test func aRowThatMatchesCostsNothing() throws {
        let same = UserChanges(username: "jdoe", firstName: "Jane", lastName: "Doe", phoneType: .softPhone, autoAccept: true,
                               afterContactWorkTimeLimit: 30, routingProfileID: "rp-basic",
                               securityProfileIDs: ["sp-manager", "sp-agent"], hierarchy: .group(id: "g-east"))
        #expect(try updates(same) == [])
        #expect(!UserDiff.needsDescription(Self.searched, same))
        #expect(try updates(UserChanges(username: "jdoe")) == [])
        #expect(try updates(UserChanges(username: "jdoe", passwordIgnored: true)) == [])
    }

    @Test func eachSettingIsOneCallInAFixedOrder() throws {
        let all = UserChanges(username: "jdoe", lastName: "Roe", afterContactWorkTimeLimit: 60, routingProfileID: "rp-sales",
                              securityProfileIDs: ["sp-agent"], hierarchy: .group(id: "g-west"))
        #expect(UserDiff.needsDescription(Self.searched, all))
        let calls = try updates(all, from: Self.described)
        #expect(calls.map(\.setting.description) == ["names and email", "phone settings", "routing profile", "security profiles", "hierarchy"])
        // What is not changed is sent back as it was read.
        #expect(calls[0] == .identity(ConnectIdentityInfo(firstName: "Jane", lastName: "Roe", email: "jdoe@example.com",
                                                          secondaryEmail: "jane@example.org", mobile: "+12065550100")))
        // UpdateUserConfig, not UpdateUserPhoneConfig: the legacy ACW column sets every channel.
        #expect(calls[1] == .channels(Dictionary(uniqueKeysWithValues: ConnectChannel.allCases.map { ($0,
            ConnectChannelConfig(afterContactWorkSeconds: 60)) })))
    }

    @Test func hierarchyNoneRemovesOnlyWhenThereIsOne() throws {
        #expect(try updates(UserChanges(username: "jdoe", hierarchy: UserChanges.Hierarchy.none)) == [.hierarchy(groupID: nil)])
        var outside = Self.searched
        outside.hierarchyGroupID = nil
        #expect(try updates(UserChanges(username: "jdoe", hierarchy: UserChanges.Hierarchy.none), from: outside) == [])
    }

    @Test func anEmailNeedsTheDescriptionAndIsComparedWithIt() throws {
        let same = UserChanges(username: "jdoe", email: "jdoe@example.com")
        #expect(UserDiff.needsDescription(Self.searched, same))
        #expect(!UserDiff.needsDescription(Self.described, same))
        #expect(try updates(same, from: Self.described) == [])
        let other = UserChanges(username: "jdoe", email: "jane.doe@example.com")
        #expect(try updates(other, from: Self.described).map(\.setting) == [.identity])
    }

    @Test func samlNeverSendsAnEmail() throws {
        var saml = Self.described
        saml.identityInfo.email = nil
        let calls = try updates(UserChanges(username: "jdoe", firstName: "Janet"), from: saml, .saml)
        guard case .identity(let identity) = try #require(calls.first) else { Issue.record("no identity call"); return }
        #expect(identity.email == nil)
        #expect(identity.firstName == "Janet")
    }

    @Test func aDeskPhoneNeedsANumberFromTheRowOrTheUser() throws {
        let problem = UserDiff.updates(from: Self.searched, to: UserChanges(username: "jdoe", phoneType: .deskPhone),
                                       identity: .connectManaged)
        #expect(throws: RowProblem.self) { try problem.get() }
        #expect((try? problem.get()) == nil)
        if case .failure(let reason) = problem { #expect(reason.column == .phoneNumber && reason.message.contains("jdoe")) }
        var desk = Self.searched
        desk.phoneConfig = ConnectPhoneConfig(phoneType: .softPhone, deskPhoneNumber: "+12065550111")
        #expect(try updates(UserChanges(username: "jdoe", phoneType: .deskPhone), from: desk)
            == [.channels([.voice: ConnectChannelConfig(phoneType: .deskPhone, phoneNumber: "+12065550111")])])
    }
}
