/// One quota as Service Quotas reports it (`ServiceQuota` in the service model), with the
/// members that say what it limits and how much.
package struct ServiceQuota: Codable, Sendable, Equatable {
    package var serviceCode: String?
    package var quotaCode: String?
    /// `Rate of DescribeUser API requests`.
    package var quotaName: String?
    package var value: Double?
    package var unit: String?
    /// The CloudWatch metric of its usage; an API rate's dimensions are `Type=API`,
    /// `Resource=<operation>`.
    package var usageMetric: MetricInfo?
    /// The time the value is counted over (a rate: 1 SECOND).
    package var period: Period?

    package struct MetricInfo: Codable, Sendable, Equatable {
        package var metricNamespace: String?
        package var metricName: String?
        package var metricDimensions: [String: String]?

        package init(metricNamespace: String? = nil, metricName: String? = nil, metricDimensions: [String: String]? = nil) {
            self.metricNamespace = metricNamespace
            self.metricName = metricName
            self.metricDimensions = metricDimensions
        }

        enum CodingKeys: String, CodingKey {
            case metricNamespace = "MetricNamespace", metricName = "MetricName", metricDimensions = "MetricDimensions"
        }
    }

    package struct Period: Codable, Sendable, Equatable {
        package var periodValue: Int?
        /// `MICROSECOND`, `MILLISECOND`, `SECOND`, `MINUTE`, `HOUR`, `DAY`, `WEEK`.
        package var periodUnit: String?

        package init(periodValue: Int? = nil, periodUnit: String? = nil) {
            self.periodValue = periodValue
            self.periodUnit = periodUnit
        }

        enum CodingKeys: String, CodingKey {
            case periodValue = "PeriodValue", periodUnit = "PeriodUnit"
        }

        /// The period in seconds; nil for a unit the model does not list.
        package var seconds: Double? {
            let unit: Double? = switch periodUnit {
            case "MICROSECOND": 1e-6
            case "MILLISECOND": 1e-3
            case "SECOND": 1
            case "MINUTE": 60
            case "HOUR": 3600
            case "DAY": 86_400
            case "WEEK": 604_800
            default: nil
            }
            guard let unit else { return nil }
            return unit * Double(periodValue ?? 1)
        }
    }

    package init(serviceCode: String? = nil, quotaCode: String? = nil, quotaName: String? = nil, value: Double? = nil,
                unit: String? = nil, usageMetric: MetricInfo? = nil, period: Period? = nil) {
        self.serviceCode = serviceCode
        self.quotaCode = quotaCode
        self.quotaName = quotaName
        self.value = value
        self.unit = unit
        self.usageMetric = usageMetric
        self.period = period
    }

    enum CodingKeys: String, CodingKey {
        case serviceCode = "ServiceCode", quotaCode = "QuotaCode", quotaName = "QuotaName", value = "Value", unit = "Unit",
             usageMetric = "UsageMetric", period = "Period"
    }
}
