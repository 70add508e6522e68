import AWSCore
import Foundation

/// Seeding, and the read-only operations on an instance: DescribeInstance, profiles and the
/// agent hierarchy.
extension ConnectService {
    static func makeInstance(_ seed: ConnectSeed.Instance, region: String, accountID: String, now: Date) throws -> ConnectInstance {
        let id = seed.resolvedID
        let arn = "arn:aws:connect:\(region):\(accountID):instance/\(id)"
        guard let identityType = ConnectInstance.IdentityType(rawValue: seed.identityManagementType) else {
            throw ConnectSeedError(description: "instance '\(seed.alias)': unknown identityManagementType '\(seed.identityManagementType)'")
        }
        guard seed.hierarchyLevels.count <= 5 else {
            throw ConnectSeedError(description: "instance '\(seed.alias)': at most 5 hierarchy levels")
        }
        let securityProfiles = seed.securityProfiles.map { profile in
            let profileID = profile.id ?? ConnectSeed.securityProfileID(instanceID: id, name: profile.name)
            return ConnectInstance.Named(id: profileID, arn: "\(arn)/security-profile/\(profileID)", name: profile.name)
        }
        let routingProfiles = seed.routingProfiles.map { profile in
            let profileID = profile.id ?? ConnectSeed.routingProfileID(instanceID: id, name: profile.name)
            return ConnectInstance.Named(id: profileID, arn: "\(arn)/routing-profile/\(profileID)", name: profile.name)
        }
        let levels = seed.hierarchyLevels.enumerated().map { index, name in
            let levelID = ConnectSeed.hierarchyLevelID(instanceID: id, level: index + 1)
            return ConnectInstance.Named(id: levelID, arn: "\(arn)/agent-group-level/\(levelID)", name: name)
        }
        var groups: [ConnectInstance.Group] = []
        for path in seed.hierarchyGroups {
            let names = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !names.contains(where: \.isEmpty) else {
                throw ConnectSeedError(description: "instance '\(seed.alias)': hierarchy group path '\(path)' has an empty name")
            }
            guard names.count <= levels.count else {
                throw ConnectSeedError(description: "instance '\(seed.alias)': hierarchy group '\(path)' is deeper than the \(levels.count) levels")
            }
            var pathIDs: [String] = []
            for depth in 1 ... names.count {
                let prefix = names.prefix(depth).joined(separator: "/")
                let groupID = ConnectSeed.hierarchyGroupID(instanceID: id, path: prefix)
                if !groups.contains(where: { $0.id == groupID }) {
                    groups.append(ConnectInstance.Group(
                        id: groupID, arn: "\(arn)/agent-group/\(groupID)", name: names[depth - 1], level: depth,
                        parentID: pathIDs.last, pathIDs: pathIDs + [groupID], path: prefix))
                }
                pathIDs.append(groupID)
            }
        }
        var instance = ConnectInstance(
            id: id, arn: arn, alias: seed.alias, identityType: identityType, createdTime: now,
            securityProfiles: securityProfiles, routingProfiles: routingProfiles, levels: levels, groups: groups)
        for attribute in seed.predefinedAttributes {
            guard !attribute.name.isEmpty, attribute.values.allSatisfy({ !$0.isEmpty }) else {
                throw ConnectSeedError(description: "instance '\(seed.alias)': predefined attribute '\(attribute.name)' has an empty name or value")
            }
            guard !instance.predefinedAttributes.contains(where: { $0.name == attribute.name }) else {
                throw ConnectSeedError(description: "instance '\(seed.alias)': predefined attribute '\(attribute.name)' is seeded twice")
            }
            instance.predefinedAttributes.append(.init(name: attribute.name, values: attribute.values))
        }
        for user in seed.users {
            func fail(_ what: String) -> ConnectSeedError {
                ConnectSeedError(description: "instance '\(seed.alias)', user '\(user.username)': \(what)")
            }
            var profileIDs: [String] = []
            for name in user.securityProfiles {
                guard let profile = securityProfiles.first(where: { $0.name == name }) else { throw fail("no security profile '\(name)'") }
                profileIDs.append(profile.id)
            }
            guard let routing = routingProfiles.first(where: { $0.name == user.routingProfile }) else {
                throw fail("no routing profile '\(user.routingProfile)'")
            }
            var groupID: String?
            if let path = user.hierarchyGroup {
                guard let group = groups.first(where: { $0.path == path }) else { throw fail("no hierarchy group '\(path)'") }
                groupID = group.id
            }
            guard ["SOFT_PHONE", "DESK_PHONE"].contains(user.phoneType) else { throw fail("unknown phoneType '\(user.phoneType)'") }
            guard instance.usernames[user.username] == nil else { throw fail("username seeded twice") }
            let userID = ConnectSeed.userID(instanceID: id, username: user.username)
            var state = ConnectUserState(
                id: userID, arn: "\(arn)/agent/\(userID)", username: user.username,
                firstName: user.firstName, lastName: user.lastName, email: user.email,
                secondaryEmail: user.secondaryEmail, mobile: user.mobile,
                phoneType: user.phoneType, autoAccept: user.autoAccept,
                afterContactWorkTimeLimit: user.afterContactWorkTimeLimit, deskPhoneNumber: user.deskPhoneNumber,
                directoryUserID: user.directoryUserID
                    ?? (identityType == .existingDirectory ? user.username : ConnectSeed.stableID("directory-user", userID)),
                securityProfileIDs: profileIDs, routingProfileID: routing.id, hierarchyGroupID: groupID, tags: user.tags,
                lastModifiedTime: now, lastModifiedRegion: region, hasPassword: user.password != nil,
                channels: ConnectUserState.defaultChannels(afterContactWorkTimeLimit: user.afterContactWorkTimeLimit))
            for (channel, settings) in user.channels {
                guard ConnectService.channelNames.contains(channel) else { throw fail("unknown channel '\(channel)'") }
                if channel == "VOICE" {
                    if let value = settings.autoAccept { state.autoAccept = value }
                    if let value = settings.afterContactWorkTimeLimit { state.afterContactWorkTimeLimit = value }
                    state.agentFirstCallbackAutoAccept = settings.agentFirstCallbackAutoAccept
                    state.agentFirstCallbackAfterContactWorkTimeLimit = settings.agentFirstCallbackAfterContactWorkTimeLimit
                    if let value = settings.persistentConnection { state.persistentConnection = value }
                    if let mode = settings.voiceEnhancementMode {
                        guard ["VOICE_ISOLATION", "NOISE_SUPPRESSION", "NONE"].contains(mode) else { throw fail("""
                            unknown voiceEnhancementMode '\(mode)'
                            """) }
                        state.voiceEnhancementMode = mode
                    }
                } else {
                    guard settings.agentFirstCallbackAutoAccept == nil, settings.agentFirstCallbackAfterContactWorkTimeLimit == nil,
                          settings.persistentConnection == nil, settings.voiceEnhancementMode == nil else {
                        throw fail("channel \(channel) has VOICE-only settings")
                    }
                    if let value = settings.autoAccept { state.channels[channel]?.autoAccept = value }
                    if let value = settings.afterContactWorkTimeLimit { state.channels[channel]?.afterContactWorkTimeLimit = value }
                }
            }
            for proficiency in user.proficiencies {
                guard let attribute = instance.predefinedAttributes.first(where: { $0.name == proficiency.attributeName }),
                      attribute.values.contains(proficiency.attributeValue) else {
                    throw fail("proficiency '\(proficiency.attributeName)' = '\(proficiency.attributeValue)' is not a predefined attribute value")
                }
                guard (1 ... 5).contains(proficiency.level) else { throw fail("proficiency level \(proficiency.level) is not 1 to 5") }
                state.proficiencies.append(ConnectProficiencyState(
                    attributeName: proficiency.attributeName, attributeValue: proficiency.attributeValue, level: proficiency.level))
            }
            // Seeded users have always existed: SearchUsers sees them from the start.
            instance.insert(state, at: .distantPast)
        }
        return instance
    }

    // MARK: DescribeInstance

    func describeInstance(instanceID: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance in
            .fields([
                "Instance": .fields([
                    "Id": .string(instance.id),
                    "Arn": .string(instance.arn),
                    "IdentityManagementType": .string(instance.identityType.rawValue),
                    "InstanceAlias": .string(instance.alias),
                    "CreatedTime": .timestamp(instance.createdTime),
                    "ServiceRole": .string("""
                        arn:aws:iam::\(accountID):role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_\(instance.id.prefix(8))
                        """),
                    "InstanceStatus": .string("ACTIVE"),
                    "InboundCallsEnabled": .bool(true),
                    "OutboundCallsEnabled": .bool(true),
                    "InstanceAccessUrl": .string("https://\(instance.alias).my.connect.aws"),
                ]),
            ])
        }
    }

    // MARK: Profiles

    func summary(_ named: ConnectInstance.Named) -> ConnectJSON {
        .fields([
            "Id": .string(named.id),
            "Arn": .string(named.arn),
            "Name": .string(named.name),
            "LastModifiedTime": .timestamp(seededAt),
            "LastModifiedRegion": .string(region),
        ])
    }

    func listSecurityProfiles(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try listNamed(instanceID: instanceID, request: request, operation: "ListSecurityProfiles",
                      member: "SecurityProfileSummaryList") { $0.securityProfiles.map(summary) }
    }

    func listRoutingProfiles(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try listNamed(instanceID: instanceID, request: request, operation: "ListRoutingProfiles",
                      member: "RoutingProfileSummaryList") { $0.routingProfiles.map(summary) }
    }

    func listHierarchyGroups(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try listNamed(instanceID: instanceID, request: request, operation: "ListUserHierarchyGroups",
                      member: "UserHierarchyGroupSummaryList") { instance in
            instance.groups.map { summary(ConnectInstance.Named(id: $0.id, arn: $0.arn, name: $0.name)) }
        }
    }

    private func listNamed(instanceID: String, request: LocalRequest, operation: String, member: String,
                           items: (ConnectInstance) -> [ConnectJSON]) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let paging = try listPaging(request, operation: operation, instanceID: instanceID)
        let all = try withInstance(instanceID) { instance in items(instance) }
        let page = page(all.enumerated().map { ($0.offset + 1, $0.element) }, after: paging.after, limit: paging.limit,
                        operation: operation, instanceID: instanceID)
        return .fields([member: .array(page.items), "NextToken": page.next.map(ConnectJSON.string)])
    }

    // MARK: Hierarchy

    static let levelNames = ["LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"]

    func hierarchyGroupJSON(_ group: ConnectInstance.Group, in instance: ConnectInstance) -> ConnectJSON {
        var path: [(String, ConnectJSON)] = []
        for (index, id) in group.pathIDs.enumerated() {
            guard let ancestor = instance.group(id) else { continue }
            path.append((Self.levelNames[index], .fields(["Id": .string(ancestor.id), "Arn": .string(ancestor.arn), "Name": .string(ancestor.name)])))
        }
        return .fields([
            "Id": .string(group.id),
            "Arn": .string(group.arn),
            "Name": .string(group.name),
            "LevelId": .string(String(group.level)),
            "HierarchyPath": .object(path),
            "LastModifiedTime": .timestamp(seededAt),
            "LastModifiedRegion": .string(region),
        ])
    }

    func describeHierarchyGroup(instanceID: String, groupID: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance throws(ConnectError) in
            guard let group = instance.group(groupID) else {
                throw .notFound("Hierarchy group '\(groupID)' not found in instance '\(instanceID)'")
            }
            return .fields(["HierarchyGroup": hierarchyGroupJSON(group, in: instance)])
        }
    }

    func describeHierarchyStructure(instanceID: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance in
            let levels = instance.levels.enumerated().map { index, level in
                (Self.levelNames[index], ConnectJSON.fields([
                    "Id": .string(level.id),
                    "Arn": .string(level.arn),
                    "Name": .string(level.name),
                    "LastModifiedTime": .timestamp(seededAt),
                    "LastModifiedRegion": .string(region),
                ]))
            }
            return .fields(["HierarchyStructure": .object(levels)])
        }
    }
}
