/// How far an export has come, kept in its ledger (`JobLedger.export`).
///
/// Where the exported rows live between parts, and why: in objects of their own under
/// `progress/` (`progress/<job>.rows-<first>-<end>.csv`, at most `ExportJob.chunkSize` users each),
/// written once each, named here once written; not in the ledger. The ledger is rewritten at
/// every heartbeat (2 s): rows in it would make each of those writes as large as the export
/// so far (about 0.5 KB a user: 1 MB at 2,000 users, 25 MB at 50,000), and a crash would lose
/// no less. A chunk is written, then named here, then `next` moves past its users, so a
/// restart re-reads at most one chunk's users; the export is the header then the chunks in
/// order, the same bytes however many times it is assembled (`writeOnce` recognises its own
/// earlier copy). The users to export are listed once, in part 1 (`roster`, a progress object
/// too): every part works through the same list, so a user created or deleted meanwhile
/// cannot make one be exported twice or skipped.
package struct ExportProgress: Codable, Sendable, Equatable {
    /// `progress/<job>.users-<digest>.json`: the users SearchUsers listed in part 1, in order.
    package var roster: String?
    package var users = 0
    /// The chunks written, in order.
    package var chunks: [String] = []
    /// Lines of the export written so far (the header is line 1).
    package var lines = 1
    /// For each column left empty and why (`<column label>: <why>`), the export's lines.
    package var blanked: [String: [Int]] = [:]
    /// Users left out, by why, with their user ids (never a login or another cell's value).
    package var omitted: [String: [String]] = [:]
    /// Why the export could not be made, if it could not.
    package var failure: String?

    package init(roster: String? = nil, users: Int = 0) {
        self.roster = roster
        self.users = users
    }

    /// What the summary says about cells left empty and users left out: at most 10 lines or
    /// ids named per note.
    var notes: [String] {
        var notes: [String] = []
        for key in blanked.keys.sorted() {
            let lines = blanked[key] ?? []
            let shown = lines.prefix(10).map(String.init).joined(separator: ", ")
            let more = lines.count > 10 ? " and \(lines.count - 10) more" : ""
            notes.append("""
                \(key): left empty on \(lines.count == 1 ? "line" : "lines") \(shown)\(more) of the export (an empty cell changes nothing in \
                update/; fix the value in Amazon Connect to export it)
                """)
        }
        for key in omitted.keys.sorted() {
            let ids = omitted[key] ?? []
            let shown = ids.prefix(10).joined(separator: ", ")
            let more = ids.count > 10 ? " and \(ids.count - 10) more" : ""
            notes.append("\(ids.count) \(ids.count == 1 ? "user was" : "users were") left out: \(key) (user id \(shown)\(more))")
        }
        return notes
    }
}
