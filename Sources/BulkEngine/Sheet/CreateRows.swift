import ConnectClient

/// Checks every row of a create file against the template's rules and the instance's names,
/// before any call: a row that passes becomes one CreateUser request carrying everything, a
/// row that does not becomes a `RowProblem` listing all that is wrong with it.
///
/// Limits follow AWS's service model (botocore `connect/2017-08-08`): first name up to 255
/// characters (`AgentFirstName`), last name up to 300 (`AgentLastName`), user login 1 to 100
/// (`AgentUsername`, no pattern in the model), password
/// `^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[a-zA-Z\d\S]{8,64}$`, desk phone `\+[1-9]\d{1,14}$`,
/// 1 to 10 security profiles, after-contact work 0 to 2,000,000 seconds (documented maximum).
/// The model sets no length for `Email`: 254, what RFC 5321 allows an address, is the limit
/// here. A longer cell fails its row naming the limit, before any call. Lengths count UTF-16
/// code units, as the service does.
///
/// Defaults for empty cells: phone type soft phone, auto accept no, ACW timeout 0, no
/// hierarchy group.
package enum CreateRows {
    package static func check(_ sheet: AgentSheet, reference: InstanceReference) -> [CheckedCreateRow] {
        var checker = RowChecker(reference: reference)
        return zip(sheet.rows, RowChecker.duplicateLines(of: sheet.rows)).map { row, others in
            let checked = checker.check(row, duplicateLines: others)
            return CheckedCreateRow(row: row, outcome: checked.map(\.user), settings: (try? checked.get().settings) ?? CreateSettings())
        }
    }
}

/// The identity management type, as the rules need it.
