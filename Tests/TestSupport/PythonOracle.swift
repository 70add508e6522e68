import Foundation

/// Runs a Python script of `Tests/oracle` (AWS's own Python implementation as the reference)
/// with a JSON input file and returns its JSON output.
///
/// A missing interpreter or botocore is a failure, not a skip: the comparison is the point.
public enum PythonOracle {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository's root, found from this file's place in it.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func run<Input: Encodable, Output: Decodable>(
        script: String, input: Input, as output: Output.Type
    ) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputFile = folder.appendingPathComponent("input.json")
        try JSONEncoder().encode(input).write(to: inputFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
        let scriptPath = repositoryRoot.appendingPathComponent("Tests/oracle/\(script)").path
        process.arguments = [python, scriptPath, inputFile.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: """
                \(python) \(script) exited \(process.terminationStatus); is botocore installed? \
                Run `pip install -r requirements-test.txt`.
                \(String(decoding: err, as: UTF8.self))
                """)
        }
        return try JSONDecoder().decode(Output.self, from: out)
    }
}
