import AWSCore
import Foundation

/// The user operations: create, describe, list, the five updates, delete, and tags.
extension ConnectService {
    struct IdentityInput {
        var firstName: String?
        var lastName: String?
        var email: String?
        var secondaryEmail: String?
        var mobile: String?
    }

    struct PhoneInput {
        var phoneType: String?
        var autoAccept: Bool?
        var afterContactWorkTimeLimit: Int?
        var deskPhoneNumber: String?
        var persistentConnection: Bool?
    }

    /// The highest after-contact work limit accepted, in seconds (the model gives only a minimum).
    static let maxAfterContactWorkTimeLimit = 2_000_000

    // MARK: Reading members

    func readIdentity(_ input: ConnectInput) throws(ConnectError) -> IdentityInput {
        let identity = IdentityInput(
            firstName: try input.string("FirstName"), lastName: try input.string("LastName"),
            email: try input.string("Email"), secondaryEmail: try input.string("SecondaryEmail"),
            mobile: try input.string("Mobile"))
        try input.checkLength(identity.firstName, "FirstName", min: 0, max: 255)
        try input.checkLength(identity.lastName, "LastName", min: 0, max: 300)
        if let mobile = identity.mobile, !ConnectRules.isE164(mobile) {
            throw .constraint(input.fieldPath("Mobile"), "Member must satisfy regular expression pattern: \\+[1-9]\\d{1,14}$")
        }
        for (name, value) in [("FirstName", identity.firstName), ("LastName", identity.lastName)] {
            if let value, !ConnectRules.isNFC(value) {
                throw .invalidParameter("\(input.fieldPath(name)) must be in Unicode Normalization Form C (NFC)")
            }
        }
        return identity
    }

    func readPhone(_ input: ConnectInput) throws(ConnectError) -> PhoneInput {
        let phone = PhoneInput(
            phoneType: try input.string("PhoneType"), autoAccept: try input.bool("AutoAccept"),
            afterContactWorkTimeLimit: try input.integer("AfterContactWorkTimeLimit"),
            deskPhoneNumber: try input.string("DeskPhoneNumber"), persistentConnection: try input.bool("PersistentConnection"))
        try input.checkEnum(phone.phoneType, "PhoneType", ["SOFT_PHONE", "DESK_PHONE"])
        try input.checkRange(phone.afterContactWorkTimeLimit, "AfterContactWorkTimeLimit", min: 0, max: Self.maxAfterContactWorkTimeLimit)
        if let number = phone.deskPhoneNumber, !number.isEmpty, !ConnectRules.isE164(number) {
            throw .constraint(input.fieldPath("DeskPhoneNumber"), "Member must satisfy regular expression pattern: \\+[1-9]\\d{1,14}$")
        }
        return phone
    }

    func readSecurityProfileIDs(_ input: ConnectInput) throws(ConnectError) -> [String] {
        let ids = try input.required(try input.strings("SecurityProfileIds"), "SecurityProfileIds")
        try input.checkCount(ids.count, "SecurityProfileIds", min: 1, max: 10)
        var unique: [String] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        return unique
    }

    func readTags(_ input: ConnectInput, _ name: String) throws(ConnectError) -> [String: String]? {
        guard let pairs = try input.stringMap(name) else { return nil }
        try input.checkCount(pairs.count, name, min: 1, max: 50)
        var tags: [String: String] = [:]
        for (key, value) in pairs {
            guard ConnectRules.isValidTagKey(key) else {
                throw .constraint("\(input.fieldPath(name)).key", "Member must have length between 1 and 128, must not start with 'aws:' and must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$")
            }
            guard value.utf16.count <= 256 else {
                throw .constraint("\(input.fieldPath(name)).value", "Member must have length less than or equal to 256")
            }
            tags[key] = value
        }
        return tags
    }

    /// The identity management rules of the instance, for CreateUser (`password` is the
    /// member's presence) and UpdateUserIdentityInfo (`isCreate` false).
    func checkIdentityRules(_ type: ConnectInstance.IdentityType, identity: IdentityInput?, hasPassword: Bool, isCreate: Bool) throws(ConnectError) {
        switch type {
        case .connectManaged:
            if isCreate, !hasPassword {
                throw .invalidParameter("Password is required for instances that use CONNECT_MANAGED identity management")
            }
        case .saml:
            if hasPassword {
                throw .invalidParameter("Password is not supported for instances that use SAML identity management")
            }
            if let email = identity?.email, !email.isEmpty {
                throw .invalidParameter("IdentityInfo.Email is not supported for instances that use SAML identity management")
            }
        case .existingDirectory:
            if hasPassword {
                throw .invalidParameter("Password is not supported for instances that use EXISTING_DIRECTORY identity management")
            }
        }
        if type == .connectManaged || type == .saml {
            for (name, value) in [("FirstName", identity?.firstName), ("LastName", identity?.lastName)] where (value ?? "").isEmpty {
                throw .invalidParameter("IdentityInfo.\(name) is required for instances that use \(type.rawValue) identity management")
            }
        }
    }

    func checkSecurityProfiles(_ ids: [String], in instance: ConnectInstance) throws(ConnectError) {
        for id in ids where instance.securityProfile(id) == nil {
            throw .notFound("Security profile '\(id)' not found in instance '\(instance.id)'")
        }
    }

    func checkRoutingProfile(_ id: String, in instance: ConnectInstance) throws(ConnectError) {
        guard instance.routingProfile(id) != nil else {
            throw .notFound("Routing profile '\(id)' not found in instance '\(instance.id)'")
        }
    }

    func checkGroup(_ id: String, in instance: ConnectInstance) throws(ConnectError) {
        guard instance.group(id) != nil else {
            throw .notFound("Hierarchy group '\(id)' not found in instance '\(instance.id)'")
        }
    }

    func existingUser(_ userID: String, in instance: ConnectInstance) throws(ConnectError) -> ConnectUserState {
        guard let user = instance.user(userID, at: options.now()) else {
            throw .notFound("User '\(userID)' not found in instance '\(instance.id)'")
        }
        return user
    }

    // MARK: CreateUser

    func createUser(instanceID: String, body: ConnectInput) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let username = try body.required(try body.string("Username"), "Username")
        try body.checkLength(username, "Username", min: 1, max: 100)
        let password = try body.string("Password")
        if let password, !ConnectRules.isValidPassword(password) {
            throw .constraint("Password", "Member must satisfy regular expression pattern: /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)[a-zA-Z\\d\\S]{8,64}$/")
        }
        let identity = try body.object("IdentityInfo").map { input throws(ConnectError) in try readIdentity(input) }
        let phone = try body.object("PhoneConfig").map { input throws(ConnectError) in try readPhone(input) } ?? PhoneInput()
        let lists = try readChannelLists(body)
        // The model: "Fields in PhoneConfig cannot be set simultaneously with their
        // corresponding channel-specific configuration parameters".
        let conflicts: [(Bool, String, String)] = [
            (phone.autoAccept != nil, "PhoneConfig.AutoAccept", "AutoAcceptConfigs"),
            (phone.afterContactWorkTimeLimit != nil, "PhoneConfig.AfterContactWorkTimeLimit", "AfterContactWorkConfigs"),
            (phone.phoneType != nil || phone.deskPhoneNumber != nil, "PhoneConfig.PhoneType and PhoneConfig.DeskPhoneNumber", "PhoneNumberConfigs"),
            (phone.persistentConnection != nil, "PhoneConfig.PersistentConnection", "PersistentConnectionConfigs"),
        ]
        for (set, field, list) in conflicts where set && lists.present.contains(list) {
            throw .invalidParameter("\(field) cannot be set together with \(list)")
        }
        let phoneType = phone.phoneType ?? "SOFT_PHONE"
        if phoneType == "DESK_PHONE", (phone.deskPhoneNumber ?? "").isEmpty {
            throw .invalidParameter("PhoneConfig.DeskPhoneNumber is required when PhoneConfig.PhoneType is DESK_PHONE")
        }
        let directoryUserID = try body.string("DirectoryUserId")
        let securityProfileIDs = try readSecurityProfileIDs(body)
        let routingProfileID = try body.required(try body.string("RoutingProfileId"), "RoutingProfileId")
        let hierarchyGroupID = try body.string("HierarchyGroupId")
        let tags = try readTags(body, "Tags") ?? [:]

        let now = options.now()
        let newID = options.makeID()
        return try withInstance(instanceID) { instance throws(ConnectError) in
            try checkIdentityRules(instance.identityType, identity: identity, hasPassword: password != nil, isCreate: true)
            // CreateUser's documentation: up to 20 characters for instances not using SAML.
            if instance.identityType != .saml, username.utf16.count > 20 {
                throw .invalidParameter("The user name can include up to 20 characters for instances not using SAML for identity management")
            }
            try checkSecurityProfiles(securityProfileIDs, in: instance)
            try checkRoutingProfile(routingProfileID, in: instance)
            if let hierarchyGroupID { try checkGroup(hierarchyGroupID, in: instance) }
            guard instance.usernames[username] == nil else {
                throw .duplicate("A user with the username '\(username)' already exists in instance '\(instanceID)'")
            }
            guard instance.activeUsers < options.usersPerInstanceQuota else {
                throw .limitExceeded("The quota of \(options.usersPerInstanceQuota) users per instance has been reached")
            }
            var user = ConnectUserState(
                id: newID, arn: "\(instance.arn)/agent/\(newID)", username: username,
                firstName: identity?.firstName, lastName: identity?.lastName, email: identity?.email,
                secondaryEmail: identity?.secondaryEmail, mobile: identity?.mobile,
                phoneType: phoneType, autoAccept: phone.autoAccept ?? false,
                afterContactWorkTimeLimit: phone.afterContactWorkTimeLimit ?? 0, deskPhoneNumber: phone.deskPhoneNumber,
                directoryUserID: directoryUserID ?? (instance.identityType == .existingDirectory ? username : ConnectSeed.stableID("directory-user", newID)),
                securityProfileIDs: securityProfileIDs, routingProfileID: routingProfileID, hierarchyGroupID: hierarchyGroupID,
                tags: tags, lastModifiedTime: now, lastModifiedRegion: region, hasPassword: password != nil,
                persistentConnection: phone.persistentConnection ?? false,
                // PhoneConfig's ACW is every channel's, as UpdateUserPhoneConfig sets it.
                channels: ConnectUserState.defaultChannels(afterContactWorkTimeLimit: phone.afterContactWorkTimeLimit ?? 0))
            try apply(lists, to: &user)
            instance.insert(user, at: now, visibleFrom: visibleFrom(createdAt: now))
            return .fields(["UserId": .string(user.id), "UserArn": .string(user.arn)])
        }
    }

    // MARK: DescribeUser

    func userJSON(_ user: ConnectUserState) -> ConnectJSON {
        .fields([
            "Id": .string(user.id),
            "Arn": .string(user.arn),
            "Username": .string(user.username),
            "IdentityInfo": .fields([
                "FirstName": user.firstName.map(ConnectJSON.string),
                "LastName": user.lastName.map(ConnectJSON.string),
                "Email": user.email.map(ConnectJSON.string),
                "SecondaryEmail": user.secondaryEmail.map(ConnectJSON.string),
                "Mobile": user.mobile.map(ConnectJSON.string),
            ]),
            "PhoneConfig": phoneJSON(user, afterContactWorkScale: 1),
            "DirectoryUserId": user.directoryUserID.map(ConnectJSON.string),
            "SecurityProfileIds": .strings(user.securityProfileIDs),
            "RoutingProfileId": .string(user.routingProfileID),
            "HierarchyGroupId": user.hierarchyGroupID.map(ConnectJSON.string),
            "Tags": user.tags.isEmpty ? nil : .map(user.tags),
            "LastModifiedTime": .timestamp(user.lastModifiedTime),
            "LastModifiedRegion": .string(user.lastModifiedRegion),
        ]).inserting(channelListsJSON(user, afterContactWorkScale: 1), before: "LastModifiedTime")
    }

    func phoneJSON(_ user: ConnectUserState, afterContactWorkScale: Int) -> ConnectJSON {
        .fields([
            "PhoneType": .string(user.phoneType),
            "AutoAccept": .bool(user.autoAccept),
            "AfterContactWorkTimeLimit": .number(Double(user.afterContactWorkTimeLimit * afterContactWorkScale)),
            "DeskPhoneNumber": user.deskPhoneNumber.map(ConnectJSON.string),
            // PersistentConnection: reported in PersistentConnectionConfigs.
        ])
    }

    func describeUser(instanceID: String, userID: String) throws(ConnectError) -> ConnectJSON {
        try withInstance(instanceID) { instance throws(ConnectError) in
            .fields(["User": userJSON(try existingUser(userID, in: instance))])
        }
    }

    // MARK: ListUsers

    func listUsers(instanceID: String, request: LocalRequest) throws(ConnectError) -> ConnectJSON {
        try checkInstanceID(instanceID)
        let paging = try listPaging(request, operation: "ListUsers", instanceID: instanceID)
        let now = options.now()
        let users = try withInstance(instanceID) { instance in
            instance.currentUsers.filter { instance.entries[$0.user.id].map { $0.visibleFrom <= now } ?? false }
        }
        let page = page(users.map { ($0.sequence, $0.user) }, after: paging.after, limit: paging.limit,
                        operation: "ListUsers", instanceID: instanceID)
        let summaries = page.items.map { user in
            ConnectJSON.fields([
                "Id": .string(user.id),
                "Arn": .string(user.arn),
                "Username": .string(user.username),
                "LastModifiedTime": .timestamp(user.lastModifiedTime),
                "LastModifiedRegion": .string(user.lastModifiedRegion),
            ])
        }
        return .fields(["UserSummaryList": .array(summaries), "NextToken": page.next.map(ConnectJSON.string)])
    }

    // MARK: Updates

    /// Applies `change` to an existing user, stamping LastModifiedTime.
    func update(instanceID: String, userID: String,
                        _ change: (ConnectInstance, inout ConnectUserState) throws(ConnectError) -> Void) throws(ConnectError) {
        let now = options.now()
        let lag = lagSeconds
        try withInstance(instanceID) { instance throws(ConnectError) in
            var user = try existingUser(userID, in: instance)
            try change(instance, &user)
            user.lastModifiedTime = now
            user.lastModifiedRegion = region
            instance.record(user, id: userID, at: now, lag: lag)
        }
    }

    func updateIdentityInfo(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let identity = try readIdentity(try body.required(try body.object("IdentityInfo"), "IdentityInfo"))
        try update(instanceID: instanceID, userID: userID) { instance, user throws(ConnectError) in
            try checkIdentityRules(instance.identityType, identity: identity, hasPassword: false, isCreate: false)
            // The identity is replaced as a whole: members left out are cleared, as AWS does.
            user.firstName = identity.firstName
            user.lastName = identity.lastName
            user.email = identity.email
            user.secondaryEmail = identity.secondaryEmail
            user.mobile = identity.mobile
        }
    }

    func updatePhoneConfig(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let phone = try readPhone(try body.required(try body.object("PhoneConfig"), "PhoneConfig"))
        try update(instanceID: instanceID, userID: userID) { _, user throws(ConnectError) in
            let phoneType = phone.phoneType ?? user.phoneType
            let deskPhoneNumber = phone.deskPhoneNumber ?? user.deskPhoneNumber
            if phoneType == "DESK_PHONE", (deskPhoneNumber ?? "").isEmpty {
                throw .invalidParameter("PhoneConfig.DeskPhoneNumber is required when PhoneConfig.PhoneType is DESK_PHONE")
            }
            user.phoneType = phoneType
            user.deskPhoneNumber = deskPhoneNumber
            if let autoAccept = phone.autoAccept { user.autoAccept = autoAccept }
            if let persistent = phone.persistentConnection { user.persistentConnection = persistent }
            if let limit = phone.afterContactWorkTimeLimit {
                // AWS: UpdateUserPhoneConfig "will always set the same ACW timeouts to all
                // channels the user handles".
                user.afterContactWorkTimeLimit = limit
                for channel in ConnectUserState.otherChannels {
                    user.channels[channel, default: ConnectChannelState()].afterContactWorkTimeLimit = limit
                }
            }
        }
    }

    func updateRoutingProfile(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let routingProfileID = try body.required(try body.string("RoutingProfileId"), "RoutingProfileId")
        try update(instanceID: instanceID, userID: userID) { instance, user throws(ConnectError) in
            try checkRoutingProfile(routingProfileID, in: instance)
            user.routingProfileID = routingProfileID
        }
    }

    func updateSecurityProfiles(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let ids = try readSecurityProfileIDs(body)
        try update(instanceID: instanceID, userID: userID) { instance, user throws(ConnectError) in
            try checkSecurityProfiles(ids, in: instance)
            user.securityProfileIDs = ids
        }
    }

    /// Without `HierarchyGroupId` (or with an empty one) the user leaves its group.
    func updateHierarchy(instanceID: String, userID: String, body: ConnectInput) throws(ConnectError) {
        try checkInstanceID(instanceID)
        let groupID = try body.string("HierarchyGroupId").flatMap { $0.isEmpty ? nil : $0 }
        try update(instanceID: instanceID, userID: userID) { instance, user throws(ConnectError) in
            if let groupID { try checkGroup(groupID, in: instance) }
            user.hierarchyGroupID = groupID
        }
    }

    // MARK: DeleteUser

    func deleteUser(instanceID: String, userID: String) throws(ConnectError) {
        let now = options.now()
        let lag = lagSeconds
        try withInstance(instanceID) { instance throws(ConnectError) in
            _ = try existingUser(userID, in: instance)
            instance.record(nil, id: userID, at: now, lag: lag)
        }
    }

    // MARK: Tags

    /// The instance and user of a user ARN (`arn:aws:connect:<region>:<account>:instance/<id>/agent/<id>`).
    func userOfARN(_ arn: String) throws(ConnectError) -> (instanceID: String, userID: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "connect" else {
            throw .invalidParameter("'\(arn)' is not a valid Amazon Connect resource ARN")
        }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts[3] == region, parts[4] == accountID, resource.count == 4, resource[0] == "instance", resource[2] == "agent" else {
            throw .notFound("Resource '\(arn)' not found (the local stack tags users only)")
        }
        return (resource[1], resource[3])
    }

    func tagResource(arn: String, body: ConnectInput) throws(ConnectError) {
        let tags = try body.required(try readTags(body, "tags"), "tags")
        let target = try userOfARN(arn)
        try update(instanceID: target.instanceID, userID: target.userID) { _, user throws(ConnectError) in
            let merged = user.tags.merging(tags) { $1 }
            guard merged.count <= 50 else {
                throw .invalidParameter("A resource can have at most 50 tags")
            }
            user.tags = merged
        }
    }

    func untagResource(arn: String, request: LocalRequest) throws(ConnectError) {
        let keys = request.query.filter { $0.name == "tagKeys" }.map(\.value)
        guard !keys.isEmpty else { throw .missing("tagKeys") }
        guard keys.count <= 50 else { throw .constraint("tagKeys", "Member must have length less than or equal to 50") }
        for key in keys where !ConnectRules.isValidTagKey(key) {
            throw .constraint("tagKeys.member", "Member must have length between 1 and 128, must not start with 'aws:' and must satisfy regular expression pattern: ^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$")
        }
        let target = try userOfARN(arn)
        try update(instanceID: target.instanceID, userID: target.userID) { _, user in
            for key in keys { user.tags[key] = nil }
        }
    }

    func listTags(arn: String) throws(ConnectError) -> ConnectJSON {
        let target = try userOfARN(arn)
        return try withInstance(target.instanceID) { instance throws(ConnectError) in
            .fields(["tags": .map(try existingUser(target.userID, in: instance).tags)])
        }
    }
}
