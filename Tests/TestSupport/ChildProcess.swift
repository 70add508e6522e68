#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its output sent to `/dev/null`, stopped with a
/// signal and reaped with `waitpid`.
///
/// Foundation's `Process.waitUntilExit()` spins a run loop that never sees the child's exit
/// when called on a Swift concurrency thread; this type blocks in `waitpid` for at most a
/// bounded time instead.
public final class ChildProcess: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let pid: pid_t
    private var reaped = false

    /// Starts `executable` (an absolute path) with `arguments`.
    public init(executable: String, arguments: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard status == 0 else {
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// Whether the child is still running (reaps it if it has exited).
    public var isRunning: Bool {
        if reaped { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result < 0 { reaped = true }
        return !reaped
    }

    /// Sends SIGTERM, waits up to `grace` for the exit, then SIGKILL and reaps.
    public func stop(grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let step: Duration = .milliseconds(20)
        var waited: Duration = .zero
        while waited < grace {
            if !isRunning { return }
            usleep(20_000)
            waited += step
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        reaped = true
    }

    deinit { stop(grace: .milliseconds(500)) }
}
