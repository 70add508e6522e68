import Foundation

/// The in-memory state of one instance.
struct ConnectInstance: Sendable {
    enum IdentityType: String, Sendable {
        case connectManaged = "CONNECT_MANAGED"
        case saml = "SAML"
        case existingDirectory = "EXISTING_DIRECTORY"
    }

    struct Named: Sendable {
        var id: String
        var arn: String
        var name: String
    }

    struct Group: Sendable {
        var id: String
        var arn: String
        var name: String
        /// 1 ... 5.
        var level: Int
        var parentID: String?
        /// Ids from level one down to this group (this group included).
        var pathIDs: [String]
        /// `technical support/IT/Eastern`.
        var path: String
    }

    struct PredefinedAttribute: Sendable {
        var name: String
        var values: [String]
    }

    /// One user's history, as far as SearchUsers may still need it: `(when, state)` pairs,
    /// oldest first; `nil` state means deleted. The last one is the current state.
    struct Entry: Sendable {
        var sequence: Int
        var versions: [(at: Date, user: ConnectUserState?)]
        /// Before this moment the user is invisible but to CreateUser's username check
        /// (`ConnectOptions.creationLag`).
        var visibleFrom = Date.distantPast
        var current: ConnectUserState? { versions.last?.user }

        /// The state SearchUsers sees at `cutoff` (writes after it are not visible yet).
        func visible(at cutoff: Date?) -> ConnectUserState? {
            guard let cutoff else { return current }
            return versions.last { $0.at <= cutoff }?.user
        }

        /// Drops versions that no reader can see any more.
        mutating func prune(before cutoff: Date) {
            guard let keep = versions.lastIndex(where: { $0.at <= cutoff }), keep > 0 else { return }
            versions.removeFirst(keep)
        }
    }

    var id: String
    var arn: String
    var alias: String
    var identityType: IdentityType
    var createdTime: Date
    var securityProfiles: [Named]
    var routingProfiles: [Named]
    var levels: [Named]
    var groups: [Group]
    /// Seed order.
    var predefinedAttributes: [PredefinedAttribute] = []
    /// User id → history.
    var entries: [String: Entry] = [:]
    /// User ids by creation (sequence), including deleted users SearchUsers may still see.
    var order: [String] = []
    /// Current username → user id.
    var usernames: [String: String] = [:]
    var activeUsers = 0
    var nextSequence = 1
    /// Quick connects in creation order: DeleteUser leaves them in place, as AWS does.
    var quickConnects: [ConnectQuickConnectState] = []
    var nextQuickConnectSequence = 1

    func securityProfile(_ id: String) -> Named? { securityProfiles.first { $0.id == id } }
    func routingProfile(_ id: String) -> Named? { routingProfiles.first { $0.id == id } }
    func group(_ id: String) -> Group? { groups.first { $0.id == id } }
    func user(_ id: String) -> ConnectUserState? { entries[id]?.current }

    /// The user as any call on its id sees it: nil while it is still invisible after its
    /// creation.
    func user(_ id: String, at now: Date) -> ConnectUserState? {
        guard let entry = entries[id], entry.visibleFrom <= now else { return nil }
        return entry.current
    }

    /// Current users in creation order.
    var currentUsers: [(sequence: Int, user: ConnectUserState)] {
        order.compactMap { id in entries[id].flatMap { entry in entry.current.map { (entry.sequence, $0) } } }
    }

    mutating func insert(_ user: ConnectUserState, at time: Date, visibleFrom: Date = .distantPast) {
        let entry = Entry(sequence: nextSequence, versions: [(time, user)], visibleFrom: visibleFrom)
        nextSequence += 1
        entries[user.id] = entry
        order.append(user.id)
        usernames[user.username] = user.id
        activeUsers += 1
    }

    /// Records a new state (or deletion, `nil`) of an existing user. `lag` is how long
    /// SearchUsers keeps seeing the previous state.
    mutating func record(_ user: ConnectUserState?, id: String, at time: Date, lag: TimeInterval) {
        guard var entry = entries[id], let previous = entry.current else { return }
        let deleted = user == nil
        if deleted {
            usernames[previous.username] = nil
            activeUsers -= 1
        }
        entry.versions.append((time, user))
        entry.prune(before: time.addingTimeInterval(-lag))
        if deleted, entry.versions.count == 1 {
            // Deleted, and nobody can see an earlier state any more: forget the user.
            entries[id] = nil
            order.removeAll { $0 == id }
        } else {
            entries[id] = entry
        }
    }

    /// Forgets deleted users whose deletion every reader sees.
    mutating func sweep(now: Date, lag: TimeInterval) {
        let cutoff = now.addingTimeInterval(-lag)
        var removed = false
        for id in order {
            guard var entry = entries[id], entry.current == nil else { continue }
            entry.prune(before: cutoff)
            if entry.versions.count == 1, entry.versions[0].at <= cutoff {
                entries[id] = nil
                removed = true
            } else {
                entries[id] = entry
            }
        }
        if removed { order.removeAll { entries[$0] == nil } }
    }
}
