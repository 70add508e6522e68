import AWSCore
import ConnectClient

/// The reads every kind of job shares, each in the fewest calls.
extension JobContext where Connect == any ConnectReading {
    /// The instance's identity type and names: hierarchy groups only when a row names one,
    /// predefined attributes only when a row has a proficiencies cell (other than `(none)`).
    func loadReference(for sheet: AgentSheet) async throws -> InstanceReference {
        let instance = try await connect.describeInstance(instanceID)
        let securityProfiles = try await connect.listSecurityProfiles(instanceID)
        let routingProfiles = try await connect.listRoutingProfiles(instanceID)
        let needsHierarchy = sheet.rows.contains { row in
            guard let cell = row.cell(.hierarchy) else { return false }
            return cell.lowercased() != "(none)"
        }
        let groups = needsHierarchy ? try await connect.searchUserHierarchyGroups(instanceID) : []
        let needsAttributes = sheet.rows.contains { row in
            guard let cell = row.cell(.proficiencies) else { return false }
            return !FieldRules.isNone(cell)
        }
        var attributes: [String: [String]] = [:]
        if needsAttributes {
            for attribute in try await connect.searchPredefinedAttributes(instanceID) { attributes[attribute.name] = attribute.values }
        }
        return InstanceReference(identityManagementType: instance.identityManagementType, securityProfiles: securityProfiles,
                                 routingProfiles: routingProfiles, hierarchyGroups: groups, predefinedAttributes: attributes)
    }

    /// The current state of the users with these logins: SearchUsers at 500 logins a call (its
    /// per-channel ACW as reported: `readingAfterContactWork` reads it where a job needs it);
    /// logins it does not return are confirmed with ListUsers and read with DescribeUser, as the
    /// search index can lag recent writes.
    func currentUsers(_ usernames: [String]) async throws -> [String: ConnectUser] {
        guard !usernames.isEmpty else { return [:] }
        var found: [String: ConnectUser] = [:]
        for user in try await connect.searchUsers(instanceID, usernames: usernames) { found[user.username] = user }
        let missing = usernames.filter { found[$0] == nil }
        guard !missing.isEmpty else { return found }
        let listed = Dictionary(try await connect.listUsers(instanceID).map { ($0.username, $0.id) }) { first, _ in first }
        let lagging = missing.compactMap { username in listed[username].map { (username, id: $0) } }
        if !lagging.isEmpty { logger.info("not yet in the search index", ["users": .int(lagging.count)]) }
        for (username, id) in lagging {
            do {
                found[username] = try await connect.describeUser(instanceID, userID: id)
            } catch where error.connectCode == .resourceNotFound {
                continue
            }
        }
        return found
    }
}
