import ConnectClient

/// Checks every row of an update file before any call: `user login` names the user, a filled
/// cell says what to set and an empty one "leave as it is". A row that passes becomes the
/// `UserChanges` it asks for (names resolved to ids), a row that does not becomes a
/// `RowProblem` listing all that is wrong with it.
///
/// The cells are read with create's rules and messages (`CreateRows`), with these
/// differences:
/// - nothing but `user login` is required: a row with only a login asks for no change;
/// - a password cell is never checked: the API cannot change a password, so it is ignored
///   (`passwordIgnored`) and its value is kept nowhere;
/// - a desk phone type without a number is not a problem here: the user may already have
///   one, which only the run, after reading the user, can tell;
/// - `(none)` in the hierarchy column removes the user from its group; in `tags` and
///   `proficiencies` it removes every tag or proficiency (a filled cell is the whole set);
/// - `directory user id` is checked (existing-directory instances only) and otherwise
///   ignored: the API sets it on CreateUser only.
///
/// The cells a spreadsheet would run, and control characters, are refused as on create
/// (`RowChecker.unsafeCellProblems`): an update file is often an export dropped back.
package enum UpdateRows {
    package static func check(_ sheet: AgentSheet, reference: InstanceReference) -> [CheckedUpdateRow] {
        var checker = RowChecker(reference: reference)
        return zip(sheet.rows, RowChecker.duplicateLines(of: sheet.rows)).map { row, others in
            CheckedUpdateRow(row: row, outcome: checker.changes(row, duplicateLines: others))
        }
    }
}

extension RowChecker {
    /// Update's rule set for one row.
    mutating func changes(_ row: AgentRow, duplicateLines: [Int]) -> Result<UserChanges, RowProblem> {
        var problems: [RowProblem] = []
        if let problem = Self.extraCellsProblem(row) { problems.append(problem) }
        problems += Self.unsafeCellProblems(row)

        let login = row.userLogin
        if login.isEmpty {
            problems.append(Self.missing(.userLogin, in: row, "it names the user to change"))
        } else {
            problems += Self.loginProblems(login, duplicateLines: duplicateLines)
        }
        var changes = UserChanges(username: login)

        for column in [AgentColumn.firstName, .lastName] {
            guard let value = row.cell(column) else { continue }
            let (normalized, problem) = Self.checkName(value, column)
            if let problem { problems.append(problem) }
            if column == .firstName { changes.firstName = normalized } else { changes.lastName = normalized }
        }
        changes.email = row.cell(.email).flatMap { checkEmail($0).value(into: &problems) }
        changes.secondaryEmail = row.cell(.secondaryEmail).flatMap { checkEmail($0, column: .secondaryEmail).value(into: &problems) }
        changes.mobile = row.cell(.mobile).flatMap { Self.parseMobile($0).value(into: &problems) }
        // Never read beyond whether it is filled: the value goes nowhere.
        changes.passwordIgnored = row.cell(.password) != nil

        if let name = row.cell(.routingProfile) {
            changes.routingProfileID = resolveRoutingProfile(name).value(into: &problems)
        }
        if let cell = row.cell(.securityProfiles) {
            if let resolved = resolveSecurityProfiles(cell) {
                changes.securityProfileIDs = resolved.value(into: &problems)
            } else {
                problems.append(RowProblem(column: .securityProfiles, kind: .empty, message: """
                    security profile \(SheetText.quoted(cell)) names no security profile: list 1 to \(FieldRules.maxSecurityProfiles) security \
                    profiles, separated by |, or leave the cell empty to keep the current ones
                    """))
            }
        }

        changes.phoneType = row.cell(.phoneType).flatMap { Self.parsePhoneType($0).value(into: &problems) }
        changes.deskPhoneNumber = row.cell(.phoneNumber).flatMap { Self.parsePhoneNumber($0).value(into: &problems) }
        changes.autoAccept = row.cell(.autoAccept).flatMap { Self.parseAutoAccept($0).value(into: &problems) }
        changes.afterContactWorkTimeLimit = row.cell(.acwTimeout).flatMap { Self.parseACWTimeout($0).value(into: &problems) }
        changes.channels = Self.channelCells(row, into: &problems)
        changes.tags = row.cell(.tags).flatMap { Self.parseTags($0).value(into: &problems) }
        changes.proficiencies = row.cell(.proficiencies).flatMap { resolveProficiencies($0).value(into: &problems) }
        if let cell = row.cell(.directoryUserID) { _ = checkDirectoryUserID(cell).value(into: &problems) }

        if let cell = row.cell(.hierarchy) {
            changes.hierarchy = resolveHierarchy(cell).value(into: &problems)
        }

        if !problems.isEmpty { return .failure(.combined(problems)) }
        return .success(changes)
    }
}
