import ConnectClient
import ServiceQuotasClient

/// Each Connect operation's quota as Service Quotas publishes it (service code `connect`):
/// the applied value, else AWS's default; AWS publishes a rate per API and Region, adjustable
/// per account, and documents a burst of 5.
///
/// A quota is an operation's when its usage metric names it (`Resource=<operation>`, as AWS's
/// API usage metrics do, `Type=API`), else when its name holds the operation's name as a whole
/// word ("Rate of DescribeUser API requests"; `DescribeUser` is no word of
/// "DescribeUserHierarchyGroup"). A name that says "burst" gives the burst, any other the rate
/// in requests a second (over the quota's period, when it has one). Only the operations this
/// function calls count (`ConnectOperation`).
enum ConnectQuotas {
    static let serviceCode = "connect"
    /// AWS's documented burst, where no quota gives one.
    static let defaultBurst = 5

    /// The applied quotas, and AWS's defaults for the operations with no applied rate.
    static func read(from api: any ServiceQuotasAPI) async throws -> [String: LaneQuota] {
        let applied = Values(try await api.listServiceQuotas(serviceCode: serviceCode))
        var defaults = Values([])
        if ConnectOperation.allCases.contains(where: { applied.rates[$0] == nil }) {
            defaults = Values(try await api.listAWSDefaultServiceQuotas(serviceCode: serviceCode))
        }
        var quotas: [String: LaneQuota] = [:]
        for operation in ConnectOperation.allCases {
            let burst = applied.bursts[operation] ?? defaults.bursts[operation] ?? defaultBurst
            if let rate = applied.rates[operation] {
                quotas[operation.rawValue] = LaneQuota(ratePerSecond: rate, burst: burst, source: .quota)
            } else if let rate = defaults.rates[operation] {
                quotas[operation.rawValue] = LaneQuota(ratePerSecond: rate, burst: burst, source: .defaultQuota)
            }
        }
        return quotas
    }

    /// The rates and bursts one listing gives, by operation.
    struct Values {
        var rates: [ConnectOperation: Double] = [:]
        var bursts: [ConnectOperation: Int] = [:]

        init(_ quotas: [ServiceQuota]) {
            for quota in quotas {
                guard let operation = ConnectQuotas.operation(of: quota), let value = quota.value, value.isFinite, value > 0 else { continue }
                if ConnectQuotas.isBurst(quota) {
                    bursts[operation] = max(1, Int(value))
                } else if let seconds = quota.period == nil ? 1 : quota.period?.seconds, seconds > 0 {
                    rates[operation] = value / seconds
                }
            }
        }
    }

    static func operation(of quota: ServiceQuota) -> ConnectOperation? {
        if let dimensions = quota.usageMetric?.metricDimensions, let resource = dimensions["Resource"] {
            guard dimensions["Type"].map({ $0 == "API" }) ?? true else { return nil }
            return ConnectOperation(rawValue: resource)
        }
        guard let name = quota.quotaName else { return nil }
        let words = Set(name.split { !($0.isLetter || $0.isNumber) })
        return ConnectOperation.allCases.first { words.contains(Substring($0.rawValue)) }
    }

    static func isBurst(_ quota: ServiceQuota) -> Bool {
        quota.quotaName?.lowercased().contains("burst") ?? false
    }
}
