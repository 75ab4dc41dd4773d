import Prometheus

extension MetricNameDescriptor {
    /// A metric by its full name, as Prometheus shows it, with its HELP
    /// text. The name's last word is its unit (`total`, `seconds`, `bytes`).
    public static func named(_ name: String, help: String) -> MetricNameDescriptor {
        let unit = name.split(separator: "_").last.map(String.init) ?? name
        return MetricNameDescriptor(metricName: String(name.dropLast(unit.count + 1)), unitName: unit, helpText: help)
    }
}
