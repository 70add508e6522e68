import AWSCore
import ConnectClient
import JSONLog

/// Create: one CreateUser per valid row, after the look-ups.
///
/// A create is safe to send again: one that meets "already exists" (the answer to an earlier
/// attempt was lost, or the row is worked on again after a restart) asks whether the user is
/// exactly as planned, and if so the row counts as created. An answer that is lost or cannot
/// be read (a 2xx that is not the model's JSON) is treated the same way: the user is looked for.
extension BulkJob {
    func create(_ sheet: AgentSheet, run: inout RowRun, logger: Logger) async throws {
        let reference = try await loadReference(for: sheet)
        for (index, planned) in CreatePlanner.plan(sheet, reference: reference).enumerated() {
            let row = planned.row
            guard let user = run.take(index, row, planned.outcome, logger: logger) else { continue }
            do {
                _ = try await RowContext.$line.withValue(row.line) {
                    try await connect.createUser(instanceID, user)
                }
                run.settle(index, row, .created)
                logger.info("created", ["line": .int(row.line), "userLogin": .string(user.username)])
            } catch {
                let found = await lookAfterCreate(user, after: error, line: row.line, logger: logger)
                if found == .asPlanned {
                    run.settle(index, row, .created)
                    logger.info("created", ["line": .int(row.line), "userLogin": .string(user.username),
                                            "confirmedAfter": .string(Self.code(of: error))])
                    continue
                }
                let reason = Self.reasonAfterCreate(error, found, userLogin: user.username)
                run.settle(index, row, .failed(reason))
                logger.warn("row failed", ["line": .int(row.line), "code": .string(Self.code(of: error)), "reason": .string(reason)])
            }
        }
    }

    /// The instance's identity type and names, in the fewest calls: hierarchy groups only when
    /// a row names one.
    func loadReference(for sheet: AgentSheet) async throws -> InstanceReference {
        let instance = try await connect.describeInstance(instanceID)
        let securityProfiles = try await connect.listSecurityProfiles(instanceID)
        let routingProfiles = try await connect.listRoutingProfiles(instanceID)
        let needsHierarchy = sheet.rows.contains { row in
            guard let cell = row.cell(.hierarchy) else { return false }
            return cell.lowercased() != "(none)"
        }
        let groups = needsHierarchy ? try await connect.searchUserHierarchyGroups(instanceID) : []
        return InstanceReference(identityManagementType: instance.identityManagementType, securityProfiles: securityProfiles,
                                 routingProfiles: routingProfiles, hierarchyGroups: groups)
    }

    /// What looking for the user after a failed create found.
    enum AfterCreate: Equatable {
        /// The error says the create did nothing: not looked for.
        case notAsked
        case asPlanned
        /// The login exists with other settings.
        case different
        case absent
        /// The look itself failed.
        case unknown
    }

    /// Whether a create that reported failure left the user as planned anyway: the answer to
    /// an attempt that did create it can be lost (a reset after the work was done, a process
    /// stopped; the next attempt then meets "already exists") or unreadable (a 2xx that is not the model's JSON: the user most likely
    /// exists). Asked only on those paths (a duplicate, a transient failure that outlived its
    /// retries, an unreadable answer): SearchUsers, and, where the user is expected (a
    /// duplicate, an unreadable answer) but the search index has not caught up with it,
    /// ListUsers and DescribeUser.
    func lookAfterCreate(_ planned: ConnectNewUser, after error: any Error, line: Int, logger: Logger) async -> AfterCreate {
        let duplicate = (error as? AWSError)?.code == "DuplicateResourceException"
        let unreadable = (error as? ConnectClientError)?.isUnreadableAnswer == true
        let worthAsking: Bool
        switch error {
        case let error as AWSError:
            worthAsking = duplicate || RetryPolicy().classify(error) != .final
        case is TransportError:
            worthAsking = true
        default:
            worthAsking = unreadable
        }
        guard worthAsking else { return .notAsked }
        let found: ConnectUser?
        do {
            found = try await RowContext.$line.withValue(line) {
                duplicate || unreadable ? try await currentUsers([planned.username], logger: logger)[planned.username]
                    : try await connect.searchUsers(instanceID, usernames: [planned.username]).first { $0.username == planned.username }
            }
        } catch {
            logger.warn("user not looked for", ["line": .int(line), "userLogin": .string(planned.username),
                                                "code": .string(Self.code(of: error))])
            return .unknown
        }
        guard let existing = found else { return .absent }
        return Self.matches(existing, planned) ? .asPlanned : .different
    }

    /// The reason of a create that failed, once the user was looked for.
    static func reasonAfterCreate(_ error: any Error, _ found: AfterCreate, userLogin: String) -> String {
        guard let unreadable = error as? ConnectClientError, unreadable.isUnreadableAnswer else {
            return reason(for: error, userLogin: userLogin)
        }
        let answer = unreadableAnswer(unreadable)
        switch found {
        case .different:
            return "\(answer); user login '\(userLogin)' exists now, but not as this row asks (to change it, drop the row into update/)"
        case .unknown:
            return "\(answer), and whether the user exists could not be checked; drop this file back to try again (a user created meanwhile is recognised, not created twice)"
        case .absent, .notAsked, .asPlanned:
            return "\(answer); the user was not found afterwards; drop this file back to try again"
        }
    }

    /// "Amazon Connect's answer could not be read (after 2 tries)".
    static func unreadableAnswer(_ error: ConnectClientError) -> String {
        "Amazon Connect's answer could not be read (after \(error.attempts) \(error.attempts == 1 ? "try" : "tries"))"
    }

    /// The settings SearchUsers reports, compared with what CreateUser asked for.
    static func matches(_ user: ConnectUser, _ planned: ConnectNewUser) -> Bool {
        user.routingProfileID == planned.routingProfileID
            && Set(user.securityProfileIDs) == Set(planned.securityProfileIDs)
            && user.phoneConfig == planned.phoneConfig
            && user.hierarchyGroupID == planned.hierarchyGroupID
            && user.identityInfo.firstName == planned.identityInfo?.firstName
            && user.identityInfo.lastName == planned.identityInfo?.lastName
    }

    // MARK: - Reasons a manager understands

    /// AWS's error code, the transport failure's kind, or the client's code for an answer it
    /// could not read (`malformedResponse`), for logs.
    public static func code(of error: any Error) -> String {
        switch error {
        case let error as AWSError: error.code
        case let error as TransportError: "transport.\(error.kind.rawValue)"
        case let error as ConnectClientError: error.code.rawValue
        default: String(describing: type(of: error))
        }
    }

    static func reason(for error: any Error, userLogin: String?) -> String {
        switch error {
        case let error as AWSError:
            switch error.code {
            case "DuplicateResourceException":
                return "user login '\(userLogin ?? "")' already exists in the instance (to change it, drop the row into update/)"
            case "LimitExceededException", "ServiceQuotaExceededException":
                return "the instance has reached its quota of users; ask AWS Support to raise 'Users per instance', then drop this file back"
            case "ThrottlingException", "TooManyRequestsException":
                return "Amazon Connect kept throttling after the configured retries; drop this file back later"
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException":
                return "Amazon Connect refused the function's credentials (\(error.code)): check the function's role and CONNECT_INSTANCE_ARN"
            case "ResourceNotFoundException":
                return "Amazon Connect did not find something this row needs: \(error.message)"
            default:
                if error.statusCode >= 500 {
                    return "Amazon Connect failed (\(error.code)) after the configured retries; drop this file back to try again"
                }
                return "Amazon Connect refused the row (\(error.code)): \(error.message)"
            }
        case let error as TransportError:
            return "could not reach Amazon Connect (\(error.kind.rawValue): \(error.message)) after the configured retries; drop this file back to try again"
        case let error as ConnectClientError:
            if error.isUnreadableAnswer { return "\(unreadableAnswer(error)); drop this file back to try again" }
            return "the row could not be sent to Amazon Connect (its request could not be encoded)"
        case is CancellationError:
            return "the function was stopped before this row was done; drop this file back to try again"
        default:
            return "an unexpected failure stopped this row; drop this file back to try again"
        }
    }
}
