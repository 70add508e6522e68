import ConnectClient

/// What a job found out about the unit of SearchUsers' per-channel ACW, and how: kept in the
/// ledger (so a job's later parts do not ask again) and said in the summary.
///
/// AWS documents the unit nowhere (see `ConnectAfterContactWorkUnit`), and reading it wrongly
/// sets agents' ACW to 0, which Amazon Connect treats as no time limit. So the job asks the
/// service: one user whose reported per-channel ACW is not 0 is read with DescribeUser, whose
/// values are seconds, and the two are compared. Until a unit is found, no value read under it
/// is sent or exported: a row that sets an ACW reads its user with DescribeUser instead.
package struct AfterContactWorkFinding: Codable, Sendable, Equatable {
    /// nil: not found (every value was 0, or the comparison could not be made).
    package var unit: ConnectAfterContactWorkUnit?
    /// How, in the words of the summary.
    package var how: String

    package init(unit: ConnectAfterContactWorkUnit?, how: String) {
        self.unit = unit
        self.how = how
    }

    /// Users read with DescribeUser to find the unit, at most, before the job gives up asking.
    static let maxProbes = 3

    static let everyValueZero = AfterContactWorkFinding(
        unit: nil, how: "not needed: every per-channel ACW SearchUsers reported was 0, which is 0 in either unit")

    /// The unit under which `searched`'s reported per-channel ACW equals `described`'s seconds
    /// (the same user read with DescribeUser), with the evidence; nil when no value decides (all
    /// 0) or the two disagree under both units (the user changed in between).
    static func compare(searched: ConnectUser, described: ConnectUser) -> (unit: ConnectAfterContactWorkUnit, evidence: String)? {
        guard let reported = searched.reportedAfterContactWork else { return nil }
        var found: (unit: ConnectAfterContactWorkUnit, evidence: String)?
        for channel in ConnectChannel.allCases {
            guard let values = reported[channel] else { continue }
            let have = described.channels[channel] ?? ConnectChannelConfig()
            let pairs = [("ACW", values.limit, have.afterContactWorkSeconds),
                         ("callback ACW", values.callbackLimit, have.agentFirstCallbackAfterContactWorkSeconds)]
            for (what, value, seconds) in pairs {
                guard let value, let seconds, value != 0 || seconds != 0 else { continue }
                let units = ConnectAfterContactWorkUnit.allCases.filter { $0.reported(seconds) == value }
                guard units.count == 1, let unit = units.first, found == nil || found?.unit == unit else { return nil }
                found = found ?? (unit, """
                    the \(channel.rawValue) \(what) of user \(SheetText.quoted(searched.username)) is \(value) in SearchUsers and \(seconds) s \
                    in DescribeUser
                    """)
            }
        }
        return found
    }
}

extension AfterContactWorkFinding {
    /// A unit found by comparing the two reads of one user.
    static func found(_ unit: ConnectAfterContactWorkUnit, evidence: String) -> AfterContactWorkFinding {
        AfterContactWorkFinding(unit: unit, how: "\(unit.rawValue): \(evidence)")
    }
}

extension LedgerKeeper {
    /// The unit this job found, if it found one.
    var afterContactWorkUnit: ConnectAfterContactWorkUnit? { ledger.afterContactWork?.unit }

    /// Keeps `finding`, unless the job found a unit already: the first unit found stays.
    func note(_ finding: AfterContactWorkFinding) {
        update { ledger in
            if ledger.afterContactWork?.unit == nil { ledger.afterContactWork = finding }
        }
    }

    /// `user` with its per-channel ACW in seconds where that needs no read: every value 0, or in
    /// the unit the job found; else as reported (`afterContactWorkIsKnown` false).
    func readingAfterContactWork(_ user: ConnectUser) -> ConnectUser {
        if let zero = user.readingZeroAfterContactWork { return zero }
        guard let unit = afterContactWorkUnit else { return user }
        return user.readingAfterContactWork(in: unit)
    }
}

extension JobContext where Connect == any ConnectReading {
    /// `users` (from SearchUsers, by login) with their per-channel ACW in seconds wherever that
    /// is known: a user whose every reported value is 0 as it is, the others in the job's unit,
    /// found first if the ledger has none. Users whose unit could not be found are left as
    /// reported (`afterContactWorkIsKnown` false).
    func readingAfterContactWork(_ users: [String: ConnectUser]) async -> [String: ConnectUser] {
        let reported = users.values.contains { $0.reportedAfterContactWork != nil }
        let users = users.mapValues(keeper.readingAfterContactWork)
        let unknown = users.values.filter { !$0.afterContactWorkIsKnown }
        guard !unknown.isEmpty else {
            if reported, keeper.ledger.afterContactWork == nil { keeper.note(AfterContactWorkFinding.everyValueZero) }
            return users
        }
        guard let unit = await afterContactWorkUnit(probing: unknown) else { return users }
        return users.mapValues { $0.readingAfterContactWork(in: unit) }
    }

    /// The job's unit: the ledger's, else found by reading up to `maxProbes` of `candidates`
    /// with DescribeUser and comparing; the finding goes to the ledger either way.
    func afterContactWorkUnit(probing candidates: [ConnectUser]) async -> ConnectAfterContactWorkUnit? {
        if let unit = keeper.afterContactWorkUnit { return unit }
        var tried: [String] = []
        for candidate in candidates.prefix(AfterContactWorkFinding.maxProbes) {
            do {
                let described = try await connect.describeUser(instanceID, userID: candidate.id)
                if let (unit, evidence) = AfterContactWorkFinding.compare(searched: candidate, described: described) {
                    keeper.note(.found(unit, evidence: evidence))
                    logger.info("ACW unit found", ["unit": .string(unit.rawValue)])
                    return unit
                }
                tried.append("\(SheetText.quoted(candidate.username)) changed between the two reads")
            } catch {
                tried.append("\(SheetText.quoted(candidate.username)) could not be read (\(FailureReason.code(of: error)))")
            }
        }
        logger.warn("ACW unit not found", ["tried": .int(tried.count)])
        keeper.note(AfterContactWorkFinding(
            unit: nil, how: "unknown: \(tried.joined(separator: "; ")); every row that sets an ACW read its user with DescribeUser instead"))
        return nil
    }
}
