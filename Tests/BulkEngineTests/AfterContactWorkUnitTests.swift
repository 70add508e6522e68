import AWSCore
@testable import BulkEngine
import ConnectClient
import Foundation
import JSONLog
import Synchronization
import TestSupport
import Testing

/// The unit of SearchUsers' per-channel ACW, found by comparing a searched user with the same
/// user read by DescribeUser; and what an update does while no unit is known.
@Suite struct AfterContactWorkUnitTests {
    /// The user as DescribeUser reports it: seconds.
    static let described = UserDiffChannelTests.user

    /// The same user as SearchUsers would report it in `unit`.
    static func searched(in unit: ConnectAfterContactWorkUnit, from user: ConnectUser = described) -> ConnectUser {
        var searched = user
        var reported: [ConnectChannel: ConnectReportedAfterContactWork] = [:]
        for (channel, config) in user.channels {
            reported[channel] = ConnectReportedAfterContactWork(limit: config.afterContactWorkSeconds.map(unit.reported),
                                                                callbackLimit: config.agentFirstCallbackAfterContactWorkSeconds.map(unit.reported))
            searched.channels[channel]?.afterContactWorkSeconds = nil
            searched.channels[channel]?.agentFirstCallbackAfterContactWorkSeconds = nil
        }
        searched.reportedAfterContactWork = reported
        return searched
    }

    @Test(arguments: ConnectAfterContactWorkUnit.allCases)
    func theComparisonFindsEitherUnitAndReadingItGivesTheUsersSeconds(unit: ConnectAfterContactWorkUnit) throws {
        let searched = Self.searched(in: unit)
        #expect(!searched.afterContactWorkIsKnown)
        let (found, evidence) = try #require(AfterContactWorkFinding.compare(searched: searched, described: Self.described))
        #expect(found == unit)
        #expect(evidence.contains("'jdoe'") && evidence.contains("in DescribeUser"))
        #expect(searched.readingAfterContactWork(in: found) == Self.described)
    }

    @Test func nothingDecidesWhenEveryValueIsZeroAndZeroNeedsNoUnit() {
        var user = Self.described
        for channel in user.channels.keys {
            user.channels[channel]?.afterContactWorkSeconds = 0
            user.channels[channel]?.agentFirstCallbackAfterContactWorkSeconds = nil
        }
        let searched = Self.searched(in: .milliseconds, from: user)
        #expect(AfterContactWorkFinding.compare(searched: searched, described: user) == nil)
        #expect(searched.readingZeroAfterContactWork == user)
    }

    @Test func aUserChangedBetweenTheTwoReadsDecidesNothing() {
        var changed = Self.described
        changed.channels[.chat]?.afterContactWorkSeconds = 61  // 60 when searched
        #expect(AfterContactWorkFinding.compare(searched: Self.searched(in: .seconds), described: changed) == nil)
        #expect(AfterContactWorkFinding.compare(searched: Self.searched(in: .milliseconds), described: changed) == nil)
    }

    /// Without a unit, a row that sets an ACW reads its user with DescribeUser (seconds); a row
    /// that sets none is compared as searched, and no ACW is sent.
    @Test func withoutAUnitARowThatSetsAnACWReadsItsUserFirst() throws {
        let searched = Self.searched(in: .seconds)
        let chat = UserChanges(username: "jdoe", channels: ChannelSettings(afterContactWork: [.chat: 75]))
        let callback = UserChanges(username: "jdoe", channels: ChannelSettings(callbackAfterContactWork: 9))
        let legacy = UserChanges(username: "jdoe", afterContactWorkTimeLimit: 40)
        for changes in [chat, callback, legacy] { #expect(UserDiff.needsDescription(searched, changes)) }
        let routing = UserChanges(username: "jdoe", routingProfileID: "rp-sales")
        #expect(!UserDiff.needsDescription(searched, routing))
        #expect(try UserDiff.updates(from: searched, to: routing, identity: .connectManaged).get() == [.routingProfile(id: "rp-sales")])
        // Read in seconds, the same user needs no second read.
        #expect(!UserDiff.needsDescription(searched.readingAfterContactWork(in: .seconds), chat))
    }

    @Test func anExportLeavesAnACWInAnUnknownUnitEmpty() throws {
        let reference = InstanceReference(identityManagementType: .connectManaged,
                                          securityProfiles: [ConnectNamedResource(id: "sp-agent", arn: "arn:sp", name: "Agent")],
                                          routingProfiles: [ConnectNamedResource(id: "rp-basic", arn: "arn:rp", name: "Basic Routing Profile")],
                                          hierarchyGroups: [], predefinedAttributes: [:])
        var writer = ExportRowWriter(reference: reference)
        let unknown = writer.row(Self.searched(in: .milliseconds), identityRead: true, proficiencies: [], line: 2)
        let row = try #require(unknown)
        for column in [AgentColumn.voiceACW, .chatACW, .taskACW, .emailACW, .callbackACW] {
            #expect(row.fields[column.ordinal] == "")
            #expect(row.blanked.contains { $0.0 == column })
        }
        let read = writer.row(Self.described, identityRead: true, proficiencies: [], line: 3)
        let known = try #require(read)
        #expect(known.fields[AgentColumn.chatACW.ordinal] == "60" && known.fields[AgentColumn.callbackACW.ordinal] == "5")
    }
}

/// Waiting out Amazon Connect's eventual consistency, on a clock that does not sleep.
@Suite struct ConsistencyWindowTests {
    static func lag(_ code: ConnectErrorCode) -> AWSError {
        AWSError(service: "Connect", operation: "AssociateUserProficiencies", statusCode: code == .resourceNotFound ? 404 : 400,
                 code: code.rawValue, message: "not yet")
    }

    let clock = ImmediateClock(startMs: 0)
    var window: ConsistencyWindow { ConsistencyWindow(span: .seconds(60), time: clock) }
    let logger = JSONLogger(minimumLevel: .error, sink: { _ in })

    @Test func aCallIsTriedAgainUntilTheChangeShowsWithWaitsThatDouble() async throws {
        let attempts = Mutex(0)
        let value = try await window.retrying("AssociateUserProficiencies", logger: logger) {
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt < 4 { throw Self.lag(attempt == 2 ? .invalidRequest : .resourceNotFound) }
            return attempt
        }
        #expect(value == 4)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test func afterTheSpanTheLastErrorStandsAndOtherErrorsAreNotWaitedFor() async throws {
        let attempts = Mutex(0)
        await #expect(throws: AWSError.self) {
            try await window.retrying("DescribeUser", logger: logger) {
                attempts.withLock { $0 += 1 }
                throw Self.lag(.resourceNotFound)
            }
        }
        #expect(clock.sleeps.reduce(.zero, +) <= .seconds(60))
        #expect(attempts.withLock { $0 } == clock.sleeps.count + 1 && clock.sleeps.count >= 7)
        // An update of a user found by search waits for "not found" only.
        let once = Mutex(0)
        await #expect(throws: AWSError.self) {
            try await window.retrying("UpdateUserConfig", invalidRequestToo: false, logger: logger) {
                once.withLock { $0 += 1 }
                throw Self.lag(.invalidRequest)
            }
        }
        #expect(once.withLock { $0 } == 1)
    }

    @Test func lookingForAUserAsksAgainUntilItIsThereOrTheSpanHasPassed() async throws {
        let looks = Mutex(0)
        let found = try await window.waiting(for: "a user", logger: logger) { () -> String? in
            looks.withLock { $0 += 1; return $0 } < 3 ? nil : "u-1"
        }
        #expect(found == "u-1")
        let never = try await window.waiting(for: "a user", logger: logger) { () -> String? in nil }
        #expect(never == nil)
    }
}
