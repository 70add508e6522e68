#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// `ConnectAPI` over Amazon Connect's REST-JSON API: SigV4-signed, retried and paced by the
/// `AWSClient` (and the transport under it).
///
/// Paths, methods, query names, JSON members and page-size limits follow AWS's service model
/// (botocore `connect/2017-08-08`); every operation is named by `ConnectOperation` (the model's names),
/// so logs and errors name what AWS calls them. Every page of a list or search is one call.
///
/// A 2xx whose body is not the model's answer is a `ConnectClientError` (`isUnreadableAnswer`)
/// carrying how many times the request was sent. Reads are sent again for it, as for a 5xx;
/// mutating calls are not (their 2xx says the work was done: the caller reads the state).
package struct ConnectHTTPClient: ConnectAPI {
    package let client: AWSClient

    /// The largest `MaxResults` each paged operation accepts (`MaxResult1000`, `MaxResult100`,
    /// `MaxResult500` in the model): fewest calls under the rate limit.
    package enum PageSize {
        package static let listSecurityProfiles = 1000
        package static let listRoutingProfiles = 1000
        package static let listUsers = 1000
        package static let searchUserHierarchyGroups = 100
        package static let searchUsers = 500
        /// Usernames per SearchUsers request (one `OrConditions` entry each).
        package static let usernamesPerSearch = 500
        /// `MaxResult100`.
        package static let listUserProficiencies = 100
        /// `MaxResult100`.
        package static let searchPredefinedAttributes = 100
        /// `MaxResult100`.
        package static let searchQuickConnects = 100
        /// Tags per TagResource (`TagMap` max 50) and keys per UntagResource (`TagKeyList` max 50).
        package static let tagsPerCall = 50
    }

    /// - Parameter client: an `AWSClient` for `.connect`.
    package init(client: AWSClient) {
        precondition(client.service == .connect, "ConnectHTTPClient needs an AWSClient for Connect, not \(client.service.id)")
        self.client = client
    }

    // MARK: Instance, profiles, hierarchy

    package func describeInstance(_ instanceID: String) async throws -> ConnectInstance {
        let operation = ConnectOperation.describeInstance
        let response: ConnectWire.DescribeInstanceResponse = try await call(
            .GET, path: "/instance/\(label(instanceID))", operation: operation)
        guard let instance = response.Instance else { throw missing("Instance", operation) }
        return ConnectInstance(
            id: try required(instance.Id, "Instance.Id", operation),
            arn: try required(instance.Arn, "Instance.Arn", operation),
            identityManagementType: ConnectIdentityManagementType(
                reading: try required(instance.IdentityManagementType, "Instance.IdentityManagementType", operation)),
            alias: instance.InstanceAlias)
    }

    package func listSecurityProfiles(_ instanceID: String) async throws -> [ConnectNamedResource] {
        try await list(ConnectWire.ListSecurityProfilesResponse.self, "/security-profiles-summary/\(label(instanceID))",
                       pageSize: PageSize.listSecurityProfiles, operation: .listSecurityProfiles) { try named($0, $1) }
    }

    package func listRoutingProfiles(_ instanceID: String) async throws -> [ConnectNamedResource] {
        try await list(ConnectWire.ListRoutingProfilesResponse.self, "/routing-profiles-summary/\(label(instanceID))",
                       pageSize: PageSize.listRoutingProfiles, operation: .listRoutingProfiles) { try named($0, $1) }
    }

    package func searchUserHierarchyGroups(_ instanceID: String) async throws -> [ConnectHierarchyGroup] {
        let operation = ConnectOperation.searchUserHierarchyGroups
        return try await search("/search-user-hierarchy-groups", operation: operation) { token in
            ConnectWire.SearchUserHierarchyGroupsRequest(InstanceId: instanceID, NextToken: token, MaxResults: PageSize.searchUserHierarchyGroups)
        } _: { (page: ConnectWire.SearchUserHierarchyGroupsResponse) in
            let groups = try (page.UserHierarchyGroups ?? []).map { group in
                let name = try required(group.Name, "UserHierarchyGroups.Name", operation)
                // The path holds the group itself at its own level; levels below it are absent.
                var path: [String] = []
                for level in group.HierarchyPath?.levels ?? [] {
                    guard let level, let levelName = level.Name else { break }
                    path.append(levelName)
                }
                if path.isEmpty { path = [name] }
                return ConnectHierarchyGroup(id: try required(group.Id, "UserHierarchyGroups.Id", operation),
                                             arn: try required(group.Arn, "UserHierarchyGroups.Arn", operation), name: name, path: path)
            }
            return (groups, page.NextToken)
        }
    }

    // MARK: Users

    package func createUser(_ instanceID: String, _ user: ConnectNewUser) async throws -> ConnectCreatedUser {
        let operation = ConnectOperation.createUser
        // The body holds the password: it goes to the wire only, never into an error or a log.
        // The per-channel lists conflict with PhoneConfig (the model): one or the other.
        let lists = ChannelLists(user.channels)
        let request = ConnectWire.CreateUserRequest(
            Username: user.username, Password: user.password, IdentityInfo: user.identityInfo.map(wire),
            PhoneConfig: user.channels.isEmpty ? wire(user.phoneConfig) : nil, SecurityProfileIds: user.securityProfileIDs,
            RoutingProfileId: user.routingProfileID, HierarchyGroupId: user.hierarchyGroupID,
            AutoAcceptConfigs: lists.autoAccept, AfterContactWorkConfigs: lists.afterContactWork,
            PhoneNumberConfigs: lists.phoneNumber, PersistentConnectionConfigs: lists.persistentConnection,
            VoiceEnhancementConfigs: lists.voiceEnhancement, Tags: user.tags.isEmpty ? nil : user.tags,
            DirectoryUserId: user.directoryUserID)
        return try await call(.PUT, path: "/users/\(label(instanceID))", body: request, operation: operation,
                              retryUnreadable: false) { (response: ConnectWire.CreateUserResponse) in
            ConnectCreatedUser(userID: try required(response.UserId, "UserId", operation),
                               userARN: try required(response.UserArn, "UserArn", operation))
        }
    }

    package func searchUsers(_ instanceID: String, usernames: [String]) async throws -> [ConnectUser] {
        var seen = Set<String>()
        let unique = usernames.filter { seen.insert($0).inserted }
        var result: [ConnectUser] = []
        var ids = Set<String>()
        for start in stride(from: 0, to: unique.count, by: PageSize.usernamesPerSearch) {
            let batch = unique[start ..< min(start + PageSize.usernamesPerSearch, unique.count)]
            let criteria = ConnectWire.UserSearchCriteria(OrConditions: batch.map {
                ConnectWire.UserSearchCriteria(StringCondition: ConnectWire.StringCondition(
                    FieldName: "Username", Value: $0, ComparisonType: "EXACT"))
            })
            try await searchUserPages(instanceID, criteria: criteria, into: &result, ids: &ids)
        }
        return result
    }

    package func searchUsers(_ instanceID: String) async throws -> [ConnectUser] {
        var result: [ConnectUser] = []
        var ids = Set<String>()
        try await searchUserPages(instanceID, criteria: nil, into: &result, ids: &ids)
        return result
    }

    /// Every page of one SearchUsers query (`criteria` nil: every user), appended to `result`.
    /// A user the service pages twice (a write between pages can move it) is listed once.
    private func searchUserPages(_ instanceID: String, criteria: ConnectWire.UserSearchCriteria?, into result: inout [ConnectUser],
                                 ids: inout Set<String>) async throws {
        let operation = ConnectOperation.searchUsers
        let users = try await search("/search-users", operation: operation) { token in
            ConnectWire.SearchUsersRequest(InstanceId: instanceID, NextToken: token, MaxResults: PageSize.searchUsers, SearchCriteria: criteria)
        } _: { (page: ConnectWire.SearchUsersResponse) in
            (try (page.Users ?? []).map { try self.user($0, operation: operation, searched: true) }, page.NextToken)
        }
        for user in users where ids.insert(user.id).inserted { result.append(user) }
    }

    package func describeUser(_ instanceID: String, userID: String) async throws -> ConnectUser {
        let operation = ConnectOperation.describeUser
        return try await call(.GET, path: "/users/\(label(instanceID))/\(label(userID))", operation: operation) {
            (response: ConnectWire.DescribeUserResponse) in
            guard let user = response.User else { throw missing("User", operation) }
            return try self.user(user, operation: operation, searched: false)
        }
    }

    package func listUsers(_ instanceID: String) async throws -> [ConnectUserSummary] {
        try await list(ConnectWire.ListUsersResponse.self, "/users-summary/\(label(instanceID))",
                       pageSize: PageSize.listUsers, operation: .listUsers) { summary, operation in
            ConnectUserSummary(id: try required(summary.Id, "UserSummaryList.Id", operation),
                               arn: try required(summary.Arn, "UserSummaryList.Arn", operation),
                               username: try required(summary.Username, "UserSummaryList.Username", operation))
        }
    }

    package func updateUserIdentityInfo(_ instanceID: String, userID: String, _ identity: ConnectIdentityInfo) async throws {
        try await update(instanceID, userID, "identity-info", ConnectWire.UpdateUserIdentityInfoRequest(IdentityInfo: wire(identity)),
                         operation: .updateUserIdentityInfo)
    }

    package func updateUserRoutingProfile(_ instanceID: String, userID: String, routingProfileID: String) async throws {
        try await update(instanceID, userID, "routing-profile",
                         ConnectWire.UpdateUserRoutingProfileRequest(RoutingProfileId: routingProfileID),
                         operation: .updateUserRoutingProfile)
    }

    package func updateUserSecurityProfiles(_ instanceID: String, userID: String, securityProfileIDs: [String]) async throws {
        try await update(instanceID, userID, "security-profiles",
                         ConnectWire.UpdateUserSecurityProfilesRequest(SecurityProfileIds: securityProfileIDs),
                         operation: .updateUserSecurityProfiles)
    }

    package func updateUserHierarchy(_ instanceID: String, userID: String, hierarchyGroupID: String?) async throws {
        try await update(instanceID, userID, "hierarchy",
                         ConnectWire.UpdateUserHierarchyRequest(HierarchyGroupId: hierarchyGroupID),
                         operation: .updateUserHierarchy)
    }

    package func updateUserConfig(_ instanceID: String, userID: String, _ channels: ConnectChannelConfigs) async throws {
        let lists = ChannelLists(channels)
        try await update(instanceID, userID, "config", ConnectWire.UpdateUserConfigRequest(
            AutoAcceptConfigs: lists.autoAccept, AfterContactWorkConfigs: lists.afterContactWork,
            PhoneNumberConfigs: lists.phoneNumber, PersistentConnectionConfigs: lists.persistentConnection,
            VoiceEnhancementConfigs: lists.voiceEnhancement), operation: .updateUserConfig)
    }

    // MARK: Tags

    package func tagResource(arn: String, tags: [String: String]) async throws {
        let operation = ConnectOperation.tagResource
        let sorted = tags.sorted { $0.key < $1.key }
        for start in stride(from: 0, to: sorted.count, by: PageSize.tagsPerCall) {
            let batch = sorted[start ..< min(start + PageSize.tagsPerCall, sorted.count)]
            let body = ConnectWire.TagResourceRequest(tags: Dictionary(uniqueKeysWithValues: batch.map { ($0.key, $0.value) }))
            let request = try httpRequest(.POST, path: "/tags/\(label(arn))", body: body, operation: operation)
            _ = try await send(request, operation: operation, retryUnreadable: false) { (_: ConnectWire.NoMembers) in () }
        }
    }

    package func untagResource(arn: String, keys: [String]) async throws {
        let operation = ConnectOperation.untagResource
        var seen = Set<String>()
        let unique = keys.filter { seen.insert($0).inserted }
        for start in stride(from: 0, to: unique.count, by: PageSize.tagsPerCall) {
            let batch = unique[start ..< min(start + PageSize.tagsPerCall, unique.count)]
            let request = TransportRequest(method: .DELETE,
                                      url: client.endpoint.url(path: "/tags/\(label(arn))", query: batch.map { ("tagKeys", $0) }),
                                      headers: ["Accept": "application/json"])
            _ = try await send(request, operation: operation, retryUnreadable: false) { (_: ConnectWire.NoMembers) in () }
        }
    }

    // MARK: Proficiencies

    package func listUserProficiencies(_ instanceID: String, userID: String) async throws -> [ConnectUserProficiency] {
        try await list(ConnectWire.ListUserProficienciesResponse.self,
                       "/users/\(label(instanceID))/\(label(userID))/proficiencies",
                       pageSize: PageSize.listUserProficiencies, operation: .listUserProficiencies) { item, operation in
            ConnectUserProficiency(attributeName: try required(item.AttributeName, "UserProficiencyList.AttributeName", operation),
                                   attributeValue: try required(item.AttributeValue, "UserProficiencyList.AttributeValue", operation),
                                   level: try required(item.Level, "UserProficiencyList.Level", operation))
        }
    }

    /// The model sets no limit on `UserProficiencyList`: one call; none for an empty list.
    package func associateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        guard !proficiencies.isEmpty else { return }
        try await update(instanceID, userID, "associate-proficiencies",
                         ConnectWire.UserProficienciesRequest(UserProficiencies: proficiencies.map { wire($0, level: true) }),
                         operation: .associateUserProficiencies)
    }

    package func disassociateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        guard !proficiencies.isEmpty else { return }
        try await update(instanceID, userID, "disassociate-proficiencies",
                         ConnectWire.UserProficienciesRequest(UserProficiencies: proficiencies.map { wire($0, level: false) }),
                         operation: .disassociateUserProficiencies)
    }

    package func updateUserProficiencies(_ instanceID: String, userID: String, _ proficiencies: [ConnectUserProficiency]) async throws {
        guard !proficiencies.isEmpty else { return }
        try await update(instanceID, userID, "proficiencies",
                         ConnectWire.UserProficienciesRequest(UserProficiencies: proficiencies.map { wire($0, level: true) }),
                         operation: .updateUserProficiencies)
    }

    package func searchPredefinedAttributes(_ instanceID: String) async throws -> [ConnectPredefinedAttribute] {
        let operation = ConnectOperation.searchPredefinedAttributes
        return try await search("/search-predefined-attributes", operation: operation) { token in
            ConnectWire.SearchPredefinedAttributesRequest(InstanceId: instanceID, NextToken: token, MaxResults: PageSize.searchPredefinedAttributes)
        } _: { (page: ConnectWire.SearchPredefinedAttributesResponse) in
            (try (page.PredefinedAttributes ?? []).map { attribute in
                ConnectPredefinedAttribute(name: try required(attribute.Name, "PredefinedAttributes.Name", operation),
                                           values: attribute.Values?.StringList ?? [])
            }, page.NextToken)
        }
    }

    // MARK: Delete

    /// A mutating call: not sent again for an unreadable answer (the caller looks again).
    package func deleteUser(_ instanceID: String, userID: String) async throws {
        try await delete("/users/\(label(instanceID))/\(label(userID))", operation: .deleteUser)
    }

    package func searchQuickConnects(_ instanceID: String) async throws -> [ConnectQuickConnect] {
        let operation = ConnectOperation.searchQuickConnects
        return try await search("/search-quick-connects", operation: operation) { token in
            ConnectWire.SearchQuickConnectsRequest(InstanceId: instanceID, NextToken: token, MaxResults: PageSize.searchQuickConnects)
        } _: { (page: ConnectWire.SearchQuickConnectsResponse) in
            (try (page.QuickConnects ?? []).map { quick in
                let config = try required(quick.QuickConnectConfig, "QuickConnects.QuickConnectConfig", operation)
                return ConnectQuickConnect(
                    id: try required(quick.QuickConnectId, "QuickConnects.QuickConnectId", operation),
                    name: quick.Name ?? "",
                    type: ConnectQuickConnectType(
                        rawValue: try required(config.QuickConnectType, "QuickConnects.QuickConnectConfig.QuickConnectType", operation)),
                    userID: config.UserConfig?.UserId)
            }, page.NextToken)
        }
    }

    package func deleteQuickConnect(_ instanceID: String, quickConnectID: String) async throws {
        try await delete("/quick-connects/\(label(instanceID))/\(label(quickConnectID))", operation: .deleteQuickConnect)
    }

    // MARK: Wire plumbing

    /// A `DELETE` without a body, whose answer has no members.
    private func delete(_ path: String, operation: ConnectOperation) async throws {
        let request = TransportRequest(method: .DELETE, url: client.endpoint.url(path: path), headers: ["Accept": "application/json"])
        _ = try await send(request, operation: operation, retryUnreadable: false) { (_: ConnectWire.NoMembers) in () }
    }

    /// An update's answer has no members: empty, or a JSON object. Anything else (a web page,
    /// JSON cut short) is not Amazon Connect's answer, and says nothing of whether it was done.
    private func update<Body: Encodable>(_ instanceID: String, _ userID: String, _ suffix: String, _ body: Body,
                                         operation: ConnectOperation) async throws {
        let request = try httpRequest(.POST, path: "/users/\(label(instanceID))/\(label(userID))/\(suffix)",
                                      body: body, operation: operation)
        _ = try await send(request, operation: operation, retryUnreadable: false) { (_: ConnectWire.NoMembers) in () }
    }

    /// A `GET`: a read, sent again when its answer cannot be read.
    private func call<Response: Decodable, Output>(
        _ method: HTTPMethod, path: String, query: [(name: String, value: String)] = [], operation: ConnectOperation,
        _ convert: (Response) throws -> Output
    ) async throws -> Output {
        let request = TransportRequest(method: method, url: client.endpoint.url(path: path, query: query),
                                  headers: ["Accept": "application/json"])
        return try await send(request, operation: operation, retryUnreadable: true, convert)
    }

    private func call<Response: Decodable>(
        _ method: HTTPMethod, path: String, query: [(name: String, value: String)] = [], operation: ConnectOperation
    ) async throws -> Response {
        try await call(method, path: path, query: query, operation: operation) { (response: Response) in response }
    }

    private func call<Body: Encodable, Response: Decodable, Output>(
        _ method: HTTPMethod, path: String, body: Body, operation: ConnectOperation, retryUnreadable: Bool,
        _ convert: (Response) throws -> Output
    ) async throws -> Output {
        let request = try httpRequest(method, path: path, body: body, operation: operation)
        return try await send(request, operation: operation, retryUnreadable: retryUnreadable, convert)
    }

    /// Sends, then decodes and converts the 2xx answer; an answer that cannot be read is a
    /// `ConnectClientError` that says how many times the request was sent.
    private func send<Response: Decodable, Output>(
        _ request: TransportRequest, operation: ConnectOperation, retryUnreadable: Bool, _ convert: (Response) throws -> Output
    ) async throws -> Output {
        try await client.send(request, operation: operation.rawValue, retryUnreadable: retryUnreadable) { response, attempt in
            do {
                return try convert(try decode(response, operation: operation))
            } catch var error as ConnectClientError {
                error.attempts = attempt
                throw error
            }
        }
    }

    private func httpRequest<Body: Encodable>(_ method: HTTPMethod, path: String, body: Body,
                                             operation: ConnectOperation) throws -> TransportRequest {
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(body))
        } catch {
            // The encoder's error could quote the value (a password): say only which operation.
            throw ConnectClientError(code: .unencodableRequest, operation: operation.rawValue, message: """
                the request body could not be encoded as JSON
                """)
        }
        return TransportRequest(method: method, url: client.endpoint.url(path: path),
                           headers: ["Content-Type": "application/json", "Accept": "application/json"], body: bytes)
    }

    private func decode<Response: Decodable>(_ response: TransportResponse, operation: ConnectOperation) throws -> Response {
        // An empty 2xx body is an empty object: every member is optional.
        let body = response.body.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            ? Array("{}".utf8) : response.body
        do {
            return try JSONDecoder().decode(Response.self, from: Data(body))
        } catch {
            throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                     message: "the \(response.status) response is not the JSON the model describes (\(Self.summary(of: error)))")
        }
    }

    /// Where decoding failed, without the values it met.
    private static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case let .typeMismatch(type, context):
            return "\(Self.path(context.codingPath)) is not \(type)"
        case let .valueNotFound(type, context):
            return "\(Self.path(context.codingPath)) is null, expected \(type)"
        case let .keyNotFound(key, context):
            return "\(Self.path(context.codingPath + [key])) is missing"
        case .dataCorrupted:
            return "not JSON"
        @unknown default:
            return "unreadable"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the body" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Every page of a `GET` list, one call each, at `pageSize`.
    private func list<Page: ConnectWire.ListPage, Item>(
        _ page: Page.Type, _ path: String, pageSize: Int, operation: ConnectOperation,
        _ convert: (Page.Item, ConnectOperation) throws -> Item
    ) async throws -> [Item] {
        try await pages(operation: operation) { token in
            let page: Page = try await call(.GET, path: path, query: pagingQuery(pageSize, token), operation: operation)
            return (try (page.items ?? []).map { try convert($0, operation) }, page.NextToken)
        }
    }

    /// Every page of a search (a `POST` whose body carries `NextToken`), one call each, read
    /// by `convert` (inside the call, so an unreadable page says how many times it was sent).
    private func search<Request: Encodable, Page: Decodable, Item>(
        _ path: String, operation: ConnectOperation, request: (String?) -> Request,
        _ convert: (Page) throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        try await pages(operation: operation) { token in
            try await call(.POST, path: path, body: request(token), operation: operation, retryUnreadable: true, convert)
        }
    }

    /// The one pager: pages until the service gives no `NextToken`. A token it gave before
    /// would page forever (the same pages again): that answer is unreadable, not a loop.
    private func pages<Item>(operation: ConnectOperation, _ page: (String?) async throws -> (items: [Item], next: String?)) async throws -> [Item] {
        var result: [Item] = []
        var token: String?
        var seen = Set<String>()
        repeat {
            let (items, next) = try await page(token)
            result += items
            if let next, !seen.insert(next).inserted {
                throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                         message: "the service gave an earlier page's NextToken again: the listing would never end")
            }
            token = next
        } while token != nil
        return result
    }

    private func pagingQuery(_ maxResults: Int, _ token: String?) -> [(name: String, value: String)] {
        var query: [(name: String, value: String)] = [("maxResults", String(maxResults))]
        if let token { query.append(("nextToken", token)) }
        return query
    }

    private func label(_ value: String) -> String { AWSURIEncoding.label(value) }

    // MARK: Conversions

    private func wire(_ identity: ConnectIdentityInfo) -> ConnectWire.IdentityInfo {
        ConnectWire.IdentityInfo(FirstName: identity.firstName, LastName: identity.lastName, Email: identity.email,
                                 SecondaryEmail: identity.secondaryEmail, Mobile: identity.mobile)
    }

    private func wire(_ phone: ConnectPhoneConfig) -> ConnectWire.PhoneConfig {
        ConnectWire.PhoneConfig(PhoneType: phone.phoneType.rawValue, AutoAccept: phone.autoAccept,
                                AfterContactWorkTimeLimit: phone.afterContactWorkTimeLimit,
                                DeskPhoneNumber: phone.deskPhoneNumber)
    }

    private func wire(_ proficiency: ConnectUserProficiency, level: Bool) -> ConnectWire.UserProficiency {
        ConnectWire.UserProficiency(AttributeName: proficiency.attributeName, AttributeValue: proficiency.attributeValue,
                                    Level: level ? proficiency.level : nil)
    }

    /// The five per-channel lists of a set of channel configs, in `ConnectChannel` order; a list
    /// no channel has an item for is `nil` (left out of the body).
    struct ChannelLists {
        var autoAccept: [ConnectWire.AutoAcceptConfig]?
        var afterContactWork: [ConnectWire.AfterContactWorkConfigPerChannel]?
        var phoneNumber: [ConnectWire.PhoneNumberConfig]?
        var persistentConnection: [ConnectWire.PersistentConnectionConfig]?
        var voiceEnhancement: [ConnectWire.VoiceEnhancementConfig]?

        init(_ channels: ConnectChannelConfigs) {
            var autoAccept: [ConnectWire.AutoAcceptConfig] = []
            var afterContactWork: [ConnectWire.AfterContactWorkConfigPerChannel] = []
            var phoneNumber: [ConnectWire.PhoneNumberConfig] = []
            var persistentConnection: [ConnectWire.PersistentConnectionConfig] = []
            var voiceEnhancement: [ConnectWire.VoiceEnhancementConfig] = []
            for channel in ConnectChannel.allCases {
                guard let config = channels[channel] else { continue }
                let name = channel.rawValue
                if let value = config.autoAccept {
                    autoAccept.append(.init(Channel: name, AutoAccept: value, AgentFirstCallbackAutoAccept: config.agentFirstCallbackAutoAccept))
                }
                if let seconds = config.afterContactWorkSeconds {
                    afterContactWork.append(.init(
                        Channel: name, AfterContactWorkConfig: .init(AfterContactWorkTimeLimit: seconds),
                        AgentFirstCallbackAfterContactWorkConfig: config.agentFirstCallbackAfterContactWorkSeconds.map {
                            .init(AfterContactWorkTimeLimit: $0)
                        }))
                }
                if let type = config.phoneType {
                    phoneNumber.append(.init(Channel: name, PhoneType: type.rawValue, PhoneNumber: config.phoneNumber))
                }
                if let value = config.persistentConnection {
                    persistentConnection.append(.init(Channel: name, PersistentConnection: value))
                }
                if let mode = config.voiceEnhancement {
                    voiceEnhancement.append(.init(Channel: name, VoiceEnhancementMode: mode.rawValue))
                }
            }
            self.autoAccept = autoAccept.isEmpty ? nil : autoAccept
            self.afterContactWork = afterContactWork.isEmpty ? nil : afterContactWork
            self.phoneNumber = phoneNumber.isEmpty ? nil : phoneNumber
            self.persistentConnection = persistentConnection.isEmpty ? nil : persistentConnection
            self.voiceEnhancement = voiceEnhancement.isEmpty ? nil : voiceEnhancement
        }
    }

    /// The per-channel lists a DescribeUser or SearchUsers user reports, read into configs; the
    /// ACW values are seconds (DescribeUser) or, for a searched user, left out of the configs and
    /// returned as reported.
    private func channels(_ user: ConnectWire.User, operation: ConnectOperation, searched: Bool) throws
        -> (ConnectChannelConfigs, reported: [ConnectChannel: ConnectReportedAfterContactWork]?) {
        func channel(_ name: String?, _ list: String) throws -> ConnectChannel {
            let text = try required(name, "\(list).Channel", operation)
            guard let channel = ConnectChannel(rawValue: text) else {
                throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                         message: "\(list).Channel '\(text)' is not one of VOICE, CHAT, TASK, EMAIL")
            }
            return channel
        }
        var result: ConnectChannelConfigs = [:]
        var reported: [ConnectChannel: ConnectReportedAfterContactWork] = [:]
        for item in user.AutoAcceptConfigs ?? [] {
            let key = try channel(item.Channel, "AutoAcceptConfigs")
            result[key, default: ConnectChannelConfig()].autoAccept = item.AutoAccept
            result[key, default: ConnectChannelConfig()].agentFirstCallbackAutoAccept = item.AgentFirstCallbackAutoAccept
        }
        for item in user.AfterContactWorkConfigs ?? [] {
            let key = try channel(item.Channel, "AfterContactWorkConfigs")
            let limit = item.AfterContactWorkConfig?.AfterContactWorkTimeLimit
            let callback = item.AgentFirstCallbackAfterContactWorkConfig?.AfterContactWorkTimeLimit
            if searched {
                reported[key] = ConnectReportedAfterContactWork(limit: limit, callbackLimit: callback)
                if result[key] == nil { result[key] = ConnectChannelConfig() }
            } else {
                result[key, default: ConnectChannelConfig()].afterContactWorkSeconds = limit
                result[key, default: ConnectChannelConfig()].agentFirstCallbackAfterContactWorkSeconds = callback
            }
        }
        for item in user.PhoneNumberConfigs ?? [] {
            let key = try channel(item.Channel, "PhoneNumberConfigs")
            let text = try required(item.PhoneType, "PhoneNumberConfigs.PhoneType", operation)
            guard let type = ConnectPhoneConfig.PhoneType(rawValue: text) else {
                throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                         message: "PhoneNumberConfigs.PhoneType '\(text)' is neither SOFT_PHONE nor DESK_PHONE")
            }
            result[key, default: ConnectChannelConfig()].phoneType = type
            result[key, default: ConnectChannelConfig()].phoneNumber = item.PhoneNumber
        }
        for item in user.PersistentConnectionConfigs ?? [] {
            let key = try channel(item.Channel, "PersistentConnectionConfigs")
            result[key, default: ConnectChannelConfig()].persistentConnection = item.PersistentConnection
        }
        for item in user.VoiceEnhancementConfigs ?? [] {
            let key = try channel(item.Channel, "VoiceEnhancementConfigs")
            let text = try required(item.VoiceEnhancementMode, "VoiceEnhancementConfigs.VoiceEnhancementMode", operation)
            guard let mode = ConnectVoiceEnhancement(rawValue: text) else {
                throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                         message: """
                                             VoiceEnhancementConfigs.VoiceEnhancementMode '\(text)' is not one of NONE, NOISE_SUPPRESSION, \
                                             VOICE_ISOLATION
                                             """)
            }
            result[key, default: ConnectChannelConfig()].voiceEnhancement = mode
        }
        return (result, reported.isEmpty ? nil : reported)
    }

    private func named(_ summary: ConnectWire.Summary, _ operation: ConnectOperation) throws -> ConnectNamedResource {
        ConnectNamedResource(id: try required(summary.Id, "Id", operation), arn: try required(summary.Arn, "Arn", operation),
                             name: try required(summary.Name, "Name", operation))
    }

    /// - Parameter searched: a SearchUsers user: no email, secondary email or mobile (SearchUsers
    ///   reports none), PhoneConfig's ACW in milliseconds (as AWS documents), the per-channel ACW
    ///   as reported (its unit is documented nowhere).
    private func user(_ user: ConnectWire.User, operation: ConnectOperation, searched: Bool) throws -> ConnectUser {
        let emailIsKnown = !searched
        let phone = user.PhoneConfig
        let phoneTypeText = phone?.PhoneType ?? ConnectPhoneConfig.PhoneType.softPhone.rawValue
        guard let phoneType = ConnectPhoneConfig.PhoneType(rawValue: phoneTypeText) else {
            throw ConnectClientError(code: .malformedResponse, operation: operation.rawValue,
                                     message: "PhoneConfig.PhoneType '\(phoneTypeText)' is neither SOFT_PHONE nor DESK_PHONE")
        }
        let afterContactWork = phone?.AfterContactWorkTimeLimit ?? 0
        let seconds = searched ? ConnectAfterContactWorkUnit.milliseconds.seconds(afterContactWork) : afterContactWork
        let (channels, reported) = try channels(user, operation: operation, searched: searched)
        var result = ConnectUser(
            id: try required(user.Id, "Id", operation),
            arn: try required(user.Arn, "Arn", operation),
            username: try required(user.Username, "Username", operation),
            identityInfo: ConnectIdentityInfo(firstName: user.IdentityInfo?.FirstName, lastName: user.IdentityInfo?.LastName,
                                              email: emailIsKnown ? user.IdentityInfo?.Email : nil,
                                              secondaryEmail: emailIsKnown ? user.IdentityInfo?.SecondaryEmail : nil,
                                              mobile: emailIsKnown ? user.IdentityInfo?.Mobile : nil),
            emailIsKnown: emailIsKnown,
            phoneConfig: ConnectPhoneConfig(phoneType: phoneType, autoAccept: phone?.AutoAccept ?? false,
                                            afterContactWorkTimeLimit: seconds, deskPhoneNumber: phone?.DeskPhoneNumber),
            securityProfileIDs: user.SecurityProfileIds ?? [],
            routingProfileID: try required(user.RoutingProfileId, "RoutingProfileId", operation),
            hierarchyGroupID: user.HierarchyGroupId,
            channels: channels,
            tags: user.Tags ?? [:],
            directoryUserID: user.DirectoryUserId)
        result.reportedAfterContactWork = reported
        return result
    }

    private func required<Value>(_ value: Value?, _ member: String, _ operation: ConnectOperation) throws -> Value {
        guard let value else { throw missing(member, operation) }
        return value
    }

    private func missing(_ member: String, _ operation: ConnectOperation) -> ConnectClientError {
        ConnectClientError(code: .missingMember, operation: operation.rawValue, message: "the response has no \(member)")
    }
}
