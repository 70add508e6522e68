import Foundation
import LocalStack
import Testing

@Suite struct ConnectSeedTests {
    @Test func idsAreDerivedFromNames() throws {
        let id = ConnectSeed.instanceID(alias: "agents-managed")
        #expect(id == ConnectSeed.instanceID(alias: "agents-managed"))
        #expect(id != ConnectSeed.instanceID(alias: "agents-saml"))
        // UUID-shaped, lower-case hex.
        let groups = id.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })

        let one = try ConnectService()
        let two = try ConnectService()
        #expect(one.instanceIDs == two.instanceIDs)
        #expect(one.users(instanceID: id).map(\.id) == two.users(instanceID: id).map(\.id))
        #expect(one.users(instanceID: id).map(\.id).first == ConnectSeed.userID(instanceID: id, username: "admin"))
    }

    @Test func defaultSeedHasWhatTheLocalStackDocPromises() throws {
        let seed = ConnectSeed.defaultSeed
        #expect(seed.accountID == "123456789012")
        #expect(seed.region == "us-east-1")
        #expect(seed.instances.map(\.identityManagementType) == ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"])
        #expect(seed.instances.map(\.alias).prefix(2) == ["agents-managed", "agents-saml"])
        for instance in seed.instances {
            #expect(instance.securityProfiles.map(\.name) == ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"])
            #expect(instance.routingProfiles.map(\.name) == ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"])
            #expect(instance.hierarchyGroups.contains("technical support/IT/Eastern"))
        }
        #expect(!seed.instances[0].users.isEmpty)
        let service = try ConnectService()
        #expect(service.users(instanceID: seed.instances[0].resolvedID).map(\.username) == ["admin", "jdoe", "asmith"])
        #expect(service.users(instanceID: "unknown").isEmpty)
    }

    @Test func decodesBothProfileForms() async throws {
        let json = #"""
        {"accountId": "111122223333", "region": "eu-west-2",
         "instances": [{"id": "inst-1", "alias": "tiny", "identityManagementType": "SAML",
                        "securityProfiles": ["Agent", {"id": "sp-fixed", "name": "Admin"}],
                        "routingProfiles": [{"name": "Basic"}],
                        "hierarchyLevels": ["Site"], "hierarchyGroups": ["Leeds"],
                        "users": [{"username": "u1", "firstName": "U", "lastName": "One",
                                   "securityProfiles": ["Admin"], "routingProfile": "Basic",
                                   "hierarchyGroup": "Leeds", "afterContactWorkTimeLimit": 12}]}]}
        """#
        let seed = try ConnectSeed.decode(Array(json.utf8))
        #expect(seed.instances[0].securityProfiles[1] == ConnectSeed.NamedResource(id: "sp-fixed", name: "Admin"))
        let service = try ConnectService(seed: seed)
        #expect(service.instanceIDs == ["inst-1"])
        let user = try #require(service.users(instanceID: "inst-1").first)
        #expect(user.securityProfileIDs == ["sp-fixed"])
        #expect(user.arn == "arn:aws:connect:eu-west-2:111122223333:instance/inst-1/agent/\(user.id)")
        #expect(user.phoneType == "SOFT_PHONE")
        #expect(user.afterContactWorkTimeLimit == 12)
        #expect(user.hierarchyGroupID == ConnectSeed.hierarchyGroupID(instanceID: "inst-1", path: "Leeds"))
        #expect(!user.hasPassword)

        // Options override the seed's region and account in ARNs.
        let moved = try ConnectService(seed: seed, options: ConnectOptions(region: "ap-southeast-2", accountID: "999988887777"))
        #expect(moved.users(instanceID: "inst-1").first?.arn.hasPrefix("arn:aws:connect:ap-southeast-2:999988887777:") == true)
    }

    @Test(arguments: [
        #"{"username": "u", "securityProfiles": ["Nope"], "routingProfile": "Basic"}"#,
        #"{"username": "u", "securityProfiles": ["Agent"], "routingProfile": "Nope"}"#,
        #"{"username": "u", "securityProfiles": ["Agent"], "routingProfile": "Basic", "hierarchyGroup": "Nope"}"#,
        #"{"username": "u", "securityProfiles": ["Agent"], "routingProfile": "Basic", "phoneType": "CELL"}"#,
    ])
    func rejectsSeedsThatNameUnknownThings(user: String) throws {
        let json = #"{"accountId": "1", "region": "us-east-1", "instances": [{"alias": "x", "securityProfiles": ["Agent"], "routingProfiles": ["Basic"], "hierarchyLevels": ["L"], "hierarchyGroups": ["G"], "users": ["# + user + #"]}]}"#
        let seed = try ConnectSeed.decode(Array(json.utf8))
        #expect(throws: ConnectSeedError.self) { try ConnectService(seed: seed) }
    }
}
