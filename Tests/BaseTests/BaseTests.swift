import Base
import TestSupport
import Testing

@Suite struct JSONTextTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONText.quoted("plain") == #""plain""#)
        #expect(JSONText.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONText.quoted("line\nbreak\r\ttab") == #""line\nbreak\r\ttab""#)
        #expect(JSONText.quoted("\u{0}\u{1F}\u{7F}") == #""\u0000\u001f\u007f""#)
        #expect(JSONText.quoted("é 🙂") == "\"é 🙂\"")
    }
}

@Suite(.timeLimit(.minutes(1)))
struct TimeSourceTests {
    @Test func systemTimeReadsTheWallAndAMonotonicClock() async throws {
        let time = SystemTime()
        #expect(time.nowMs > 1_700_000_000_000)
        let before = time.uptime
        try await time.sleep(for: .milliseconds(5))
        #expect(time.uptime - before >= .milliseconds(5))
        #expect(Duration.milliseconds(1_234).wholeMilliseconds == 1_234)
        #expect((Duration.seconds(2) + .microseconds(999)).wholeMilliseconds == 2_000)
    }

    @Test func manualClockWakesASleepOnlyWhenTimeReachesIt() async throws {
        let clock = ManualClock(startMs: 1_000)
        let woke = Recorder<Int64>()
        let sleeper = Task {
            try await clock.sleep(for: .seconds(2))
            woke.append(clock.nowMs)
        }
        while clock.sleeping == 0 { await Task.yield() }
        clock.advance(by: .seconds(1))
        #expect(woke.all.isEmpty)
        clock.advance(by: .seconds(1))
        try await sleeper.value
        #expect(woke.all == [3_000])
    }

    @Test func manualClockSleepEndsWhenItsTaskIsCancelled() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        while clock.sleeping == 0 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeping == 0)
    }

    @Test func immediateClockAdvancesBySleepsAndTicks() async throws {
        let clock = ImmediateClock(startMs: 10_000, tickPerRead: .seconds(1))
        #expect(clock.nowMs == 10_000)
        #expect(clock.nowMs == 11_000)
        try await clock.sleep(for: .milliseconds(250))
        #expect(clock.sleeps == [.milliseconds(250)])
        #expect(clock.elapsed == .milliseconds(250))
    }
}
