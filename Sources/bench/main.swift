import AWSCore
import BulkEngine
import ConnectClient
import CurlTransport
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

// bulk-bench: the function's local work per row, without any I/O the function would not do.
//
//   swift build -c release --product bulk-bench && .build/release/bulk-bench [--rows 100000]
//
// 1. A create file of `--rows` rows (a few deliberately bad: a weak password, a misspelt
//    profile, a desk phone without a number, a duplicate login) is read (CSVReader), matched to
//    the template (AgentSheet) and checked and planned (CreateRows) against an instance with
//    a realistic number of names; then an update file of as many rows (UpdateRows). Time is
//    the median of `--repeat` runs; memory is the peak resident set of the first run above the
//    resident set just before it (Linux: VmHWM after resetting it through clear_refs).
// 2. SigV4: a CreateUser request signed again and again for `--sign-seconds`.
//
// Figures are printed as ratios to the pace that bounds the job (one call per API_INTERVAL_MS,
// 600 ms by default): the time of a row's local work against one interval, signatures per
// second against the calls per second the pace allows. `--check` exits 1 if a row's local work
// takes 1% of an interval or more, or signing manages less than 100 times the pace's rate.

struct Options {
    var rows = 100_000
    var repeats = 3
    var signSeconds = 1.0
    var intervalMs = 600.0
    var check = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            func value() -> String {
                guard let next = iterator.next() else { fail("\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--rows": rows = Int(value()) ?? rows
            case "--repeat": repeats = max(1, Int(value()) ?? repeats)
            case "--sign-seconds": signSeconds = Double(value()) ?? signSeconds
            case "--interval-ms": intervalMs = Double(value()) ?? intervalMs
            case "--check": check = true
            default: fail("unknown option \(argument): --rows N, --repeat N, --sign-seconds S, --interval-ms MS, --check")
            }
        }
        if rows < 100 { fail("--rows must be at least 100") }
    }
}

func fail(_ message: String) -> Never {
    let line = Array("bulk-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

// MARK: memory

/// A `/proc/self/status` figure in KiB (VmRSS: resident now; VmHWM: the peak so far).
func procStatus(_ field: String) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 512)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
    }
    return 0
}

/// Resets VmHWM to the current resident set (Linux 4.0 and later), so the next peak is this
/// work's own. Returns false where that is not possible.
func resetPeak() -> Bool {
    guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
    defer { fclose(file) }
    return fputs("5", file) >= 0
}

// MARK: the instance and the files

/// An instance as a mid-sized contact centre has it: 40 security profiles, 60 routing
/// profiles, 300 hierarchy groups over three levels (the built-in seed's names among them).
func reference() -> InstanceReference {
    func named(_ name: String, _ kind: String) -> ConnectNamedResource {
        ConnectNamedResource(id: "\(kind)-\(name.utf8.count)-\(name.utf8.last ?? 0)-\(name.unicodeScalars.reduce(0) { $0 &* 31 &+ Int($1.value) })",
                             arn: "arn:aws:connect:::\(kind)/\(name)", name: name)
    }
    let security = ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"] + (0 ..< 36).map { "Profile \($0)" }
    let routing = ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"] + (0 ..< 57).map { "Queue set \($0)" }
    var groups: [ConnectHierarchyGroup] = []
    func group(_ path: [String]) {
        groups.append(ConnectHierarchyGroup(id: "g\(groups.count)", arn: "arn:aws:connect:::group/g\(groups.count)", name: path.last!, path: path))
    }
    group(["general inquiries"])
    group(["technical support"]); group(["technical support", "IT"]); group(["technical support", "IT", "Eastern"])
    for department in 0 ..< 8 {
        group(["Department \(department)"])
        for team in 0 ..< 6 {
            group(["Department \(department)", "Team \(team)"])
            for region in ["North", "South", "East", "West", "Central"] {
                group(["Department \(department)", "Team \(team)", region])
            }
        }
    }
    return InstanceReference(identityManagementType: .connectManaged, securityProfiles: security.map { named($0, "security") },
                             routingProfiles: routing.map { named($0, "routing") }, hierarchyGroups: groups)
}

let header = """
    first name,last name,email address,password,user login,routing profile name,security_profile_name_1|security_profile_name_2,phone type \
    (soft/desk),phone number,soft phone auto accept (yes/no),ACW timeout (seconds),UserHierarchy\r\n
    """

/// Rows that must fail in a create file of `rows` rows: every 250th row has one problem.
func isBad(_ index: Int) -> Bool { index % 250 == 249 }

func createFile(rows: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows * 190 + header.utf8.count)
    out += header.utf8
    for i in 0 ..< rows {
        var password = "F@keP@ssw0rd\(i % 10)", login = "agent\(i)", security = "Agent|Profile \(i % 36)"
        var phoneType = i % 3 == 0 ? "desk" : "soft", phone = i % 3 == 0 ? "+1214555\(String(1000 + i % 9000))" : ""
        if isBad(i) {
            switch (i / 250) % 4 {
            case 0: password = "weak"
            case 1: security = "Agnet"
            case 2: phoneType = "desk"; phone = ""
            default: login = "agent\(i - 1)"  // a duplicate: both copies fail
            }
        }
        let department = i % 8, team = (i / 8) % 6
        let region = ["North", "South", "East", "West", "Central"][i % 5]
        let line = """
            First\(i),\"Last, \(i)\",agent\(i)@example.com,\(password),\(login),Queue set \
            \(i % 57),\(security),\(phoneType),\(phone),\(i % 2 == 0 ? "yes" : "no"),\(i % 120),Department \(department)/Team \(team)/\(region)\r\n
            """
        out += line.utf8
    }
    return out
}

/// One change per row, cycling through every setting the update handler can change.
func updateFile(rows: Int) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows * 60 + header.utf8.count)
    out += header.utf8
    for i in 0 ..< rows {
        var cells = [String](repeating: "", count: 12)
        cells[4] = "agent\(i)"
        switch i % 10 {
        case 0: cells[0] = "Renamed\(i)"
        case 1: cells[1] = "Moved\(i)"
        case 2: cells[2] = "new\(i)@example.com"
        case 3: cells[7] = "desk"; cells[8] = "+1214555\(String(1000 + i % 9000))"
        case 4: cells[9] = "yes"
        case 5: cells[10] = "90"
        case 6: cells[5] = "Sales Routing Profile"
        case 7: cells[6] = "Agent|CallCenterManager"
        case 8: cells[11] = "technical support/IT/Eastern"
        default: cells[11] = "(none)"
        }
        out += (cells.joined(separator: ",") + "\r\n").utf8
    }
    return out
}

// MARK: measuring

struct Measured {
    var parse: Duration
    var plan: Duration
    var total: Duration { parse + plan }
    var succeeded: Int
    var failed: Int
}

func measureCreate(_ bytes: [UInt8], _ reference: InstanceReference) -> Measured {
    let clock = ContinuousClock()
    let start = clock.now
    let sheet: AgentSheet
    do { sheet = try AgentSheet(CSVReader.read(bytes)) } catch { fail("the generated create file did not read: \(error)") }
    let parsed = clock.now
    let planned = CreateRows.check(sheet, reference: reference)
    let end = clock.now
    let ok = planned.reduce(0) { count, row in if case .success = row.outcome { count + 1 } else { count } }
    return Measured(parse: parsed - start, plan: end - parsed, succeeded: ok, failed: planned.count - ok)
}

func measureUpdate(_ bytes: [UInt8], _ reference: InstanceReference) -> Measured {
    let clock = ContinuousClock()
    let start = clock.now
    let sheet: AgentSheet
    do { sheet = try AgentSheet(CSVReader.read(bytes)) } catch { fail("the generated update file did not read: \(error)") }
    let parsed = clock.now
    let planned = UpdateRows.check(sheet, reference: reference)
    let end = clock.now
    let ok = planned.reduce(0) { count, row in if case .success = row.outcome { count + 1 } else { count } }
    return Measured(parse: parsed - start, plan: end - parsed, succeeded: ok, failed: planned.count - ok)
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func median(_ values: [Duration]) -> Duration { values.sorted()[values.count / 2] }

func ms(_ d: Duration) -> String { fixed(seconds(d) * 1000, 1) + " ms" }

/// `value` with `digits` decimals (no Foundation in this binary, so no String(format:)).
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0 ..< digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale), fraction = Int(scaled) - whole * Int(scale)
    var text = "\(value < 0 && scaled > 0 ? "-" : "")\(whole)"
    if digits > 0 {
        let digitsText = String(fraction)
        text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return text
}

let options = Options(CommandLine.arguments)
let instance = reference()
let intervalSeconds = options.intervalMs / 1000
var problems: [String] = []

#if DEBUG
let build = "debug"
#else
let build = "release"
#endif
print("== Local work per row: bulk-bench (\(build) build), \(options.rows) rows, median of \(options.repeats) runs")

// Create: memory on the first run, time as the median of all.
let createBytes = createFile(rows: options.rows)
let expectedBad = (0 ..< options.rows).filter(isBad).count
    + (0 ..< options.rows).filter { isBad($0) && ($0 / 250) % 4 == 3 }.count  // a duplicate fails both copies
let canResetPeak = resetPeak()
let before = procStatus("VmRSS")
var runs = [measureCreate(createBytes, instance)]
let peak = procStatus("VmHWM")
for _ in 1 ..< options.repeats { runs.append(measureCreate(createBytes, instance)) }
let create = Measured(parse: median(runs.map(\.parse)), plan: median(runs.map(\.plan)),
                      succeeded: runs[0].succeeded, failed: runs[0].failed)
if create.failed != expectedBad { problems.append("create: \(create.failed) rows failed, expected \(expectedBad)") }
let createPerRow = seconds(create.total) / Double(options.rows)
print("create file               \(createBytes.count / 1024) KiB, \(create.succeeded) rows planned, \(create.failed) rejected (as meant)")
print("  read CSV + template     \(ms(create.parse))")
print("  check + plan            \(ms(create.plan))")
print("""
      per row                 \(fixed(createPerRow * 1e6, 2)) us = 1/\(fixed(intervalSeconds / createPerRow, 0)) of one API interval \
    (\(fixed(options.intervalMs, 0)) ms)
    """)
if canResetPeak {
    let extra = max(0, peak - before)
    print("""
          peak memory             +\(fixed(Double(extra) / 1024, 1)) MiB over the \(fixed(Double(before) / 1024, 1)) MiB before \
        (\(fixed(Double(extra) * 1024 / Double(options.rows), 0)) bytes per row, \(fixed(Double(extra) * 1024 / Double(createBytes.count), 1))x the \
        file)
        """)
} else {
    print("  peak memory             not measured (/proc/self/clear_refs cannot be written)")
}

let updateBytes = updateFile(rows: options.rows)
var updateRuns: [Measured] = []
for _ in 0 ..< options.repeats { updateRuns.append(measureUpdate(updateBytes, instance)) }
let update = Measured(parse: median(updateRuns.map(\.parse)), plan: median(updateRuns.map(\.plan)),
                      succeeded: updateRuns[0].succeeded, failed: updateRuns[0].failed)
if update.failed != 0 { problems.append("update: \(update.failed) rows failed, expected none") }
let updatePerRow = seconds(update.total) / Double(options.rows)
print("update file               \(updateBytes.count / 1024) KiB, one change a row, \(update.succeeded) rows planned")
print("  read CSV + template     \(ms(update.parse))")
print("  check + plan            \(ms(update.plan))")
print("  per row                 \(fixed(updatePerRow * 1e6, 2)) us = 1/\(fixed(intervalSeconds / updatePerRow, 0)) of one API interval")

// SigV4: what every Connect call costs before it is sent.
let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "connect")
let body = Array((#"{"Username":"agent1","Password":"F@keP@ssw0rd1","IdentityInfo":{"FirstName":"First1","LastName":"Last, 1","#
    + #""Email":"agent1@example.com"},"PhoneConfig":{"PhoneType":"SOFT_PHONE","AutoAccept":false,"AfterContactWorkTimeLimit":0},"#
    + #""SecurityProfileIds":["6f3a1c52-0c4e-4f8e-9a57-3c0e5d1b2a10"],"RoutingProfileId":"0d2e4c6a-8b1f-4e3d-a5c7-9e1b3d5f7a90","#
    + #""HierarchyGroupId":"4b6d8f0a-2c4e-4a6c-8e0a-2c4e6a8c0e2a"}"#).utf8)
let request = TransportRequest(
    method: .PUT, url: "https://connect.us-east-1.amazonaws.com/users/0c0a3b2e-5f1d-4c8e-9b7a-6d5e4f3c2b1a",
    headers: HTTPHeaders([("Content-Type", "application/json"), ("User-Agent", "connect-agents-bulk")]), body: body)
let clock = ContinuousClock()
let signStart = clock.now
let deadline = signStart.advanced(by: .milliseconds(Int(options.signSeconds * 1000)))
var signatures = 0, checksum = 0
let date = Date(timeIntervalSince1970: 1_764_000_000)
repeat {
    for _ in 0 ..< 100 {
        checksum &+= signer.signed(request, date: date).headers.first(name: "Authorization")?.utf8.count ?? 0
    }
    signatures += 100
} while clock.now < deadline
let perSecond = Double(signatures) / seconds(clock.now - signStart)
let paceRate = 1 / intervalSeconds
print("""
    SigV4 (CreateUser, \(body.count) B)  \(fixed(perSecond, 0)) signatures/s = \(fixed(perSecond / paceRate, 0))x the pace's \(fixed(paceRate, 2)) \
    calls/s
    """)
if checksum == 0 { problems.append("SigV4: no Authorization header") }

if options.check {
    if createPerRow >= intervalSeconds / 100 { problems.append("create: a row's local work is 1% of an API interval or more") }
    if updatePerRow >= intervalSeconds / 100 { problems.append("update: a row's local work is 1% of an API interval or more") }
    if perSecond < paceRate * 100 { problems.append("SigV4: fewer than 100x the pace's signatures per second") }
}
for problem in problems { print("FAIL: \(problem)") }
exit(problems.isEmpty ? 0 : 1)
