using System.Globalization;
using System.Text;
using Moat.Gateway.Decisions;
using Moat.Gateway.Logging;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Metrics;

/// <summary>
/// Renders the metrics in the Prometheus text exposition format 0.0.4: HELP and TYPE lines once per
/// family, label values quoted, histograms as cumulative <c>_bucket{le}</c> plus <c>_sum</c> and <c>_count</c>.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(GatewayMetrics m, ExchangeLog log, DecisionBook decisions, int accountsSeen, DecisionStore? store = null)
    {
        var sb = new StringBuilder(4096);
        Family(sb, "moat_gateway_requests_total", "counter", "Requests received, by route.");
        foreach (var route in GatewayMetrics.Routes)
        {
            if (route is RouteKind.Health) continue;
            Sample(sb, "moat_gateway_requests_total", "route", Routes.Label(route), m.Requests(route));
        }
        Family(sb, "moat_gateway_responses_total", "counter", "Responses sent, by status class (class \"none\": the client went away first).");
        for (int c = 0; c < 6; c++)
        {
            if (c == 0) Sample(sb, "moat_gateway_responses_total", "class", "none", m.Responses(0));
            else Sample(sb, "moat_gateway_responses_total", "class", c + "xx", m.Responses(c));
        }
        Family(sb, "moat_gateway_decisions_total", "counter", "Decisions applied to authenticated requests, by action.");
        foreach (var action in GatewayActions.All) Sample(sb, "moat_gateway_decisions_total", "action", GatewayActions.Name(action), m.Decisions(action));

        Simple(sb, "moat_gateway_unauthorized_total", "counter", "Requests refused for a missing or unknown API key.", m.UnauthorizedCount);
        Simple(sb, "moat_gateway_upstream_errors_total", "counter", "Requests the upstream could not answer (connection failures, timeouts).", m.UpstreamErrors);
        Simple(sb, "moat_gateway_client_aborts_total", "counter", "Requests the client cancelled; the cancellation was passed upstream.", m.ClientAborts);
        Simple(sb, "moat_gateway_degraded_responses_total", "counter", "Responses from which reasoning content was withheld.", m.DegradedResponses);

        Histogram(sb, "moat_gateway_upstream_latency_seconds", "Time from forwarding a request to the upstream's response headers.", m.UpstreamLatency);
        Histogram(sb, "moat_gateway_overhead_seconds", "Time the gateway spends on a request with a non-streaming response, outside waiting for the client's body and the upstream's answer.", m.Overhead);

        Simple(sb, "moat_gateway_log_written_total", "counter", "Exchanges written to the exchange log.", log.Written);
        Simple(sb, "moat_gateway_log_dropped_total", "counter", "Exchanges dropped because the log queue was full.", log.Dropped);
        Simple(sb, "moat_gateway_log_failed_total", "counter", "Exchanges that could not be mapped or written.", log.Failed);
        if (store is not null)
        {
            Simple(sb, "moat_gateway_decision_store_written_total", "counter", "Admin and online decision changes saved to the decisions database.", store.Written);
            Simple(sb, "moat_gateway_decision_store_failed_total", "counter", "Batches of decision changes that could not be saved (they apply until restart).", store.Failed);
        }
        Simple(sb, "moat_gateway_log_queue_depth", "gauge", "Exchanges waiting to be written.", log.Queued);
        Simple(sb, "moat_gateway_accounts_seen", "gauge", "Accounts with online state since start.", accountsSeen);
        Simple(sb, "moat_gateway_decisions_loaded", "gauge", "Accounts with a decision other than none from any source.", decisions.Snapshot().Count);
        return sb.ToString();
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(Escape(help, quoted: false)).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Histogram(StringBuilder sb, string name, string help, LatencyHistogram h)
    {
        Family(sb, name, "histogram", help);
        long cumulative = 0;
        for (int i = 0; i < h.Bounds.Length; i++)
        {
            cumulative += h.BucketCount(i);
            Sample(sb, name + "_bucket", "le", h.Bounds[i].ToString("R", CultureInfo.InvariantCulture), cumulative);
        }
        cumulative += h.BucketCount(h.Bounds.Length);
        Sample(sb, name + "_bucket", "le", "+Inf", cumulative);
        sb.Append(name).Append("_sum ").Append(h.Sum.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(name).Append("_count ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void Simple(StringBuilder sb, string name, string type, string help, long value)
    {
        Family(sb, name, type, help);
        sb.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void Sample(StringBuilder sb, string name, string label, string value, long count) =>
        sb.Append(name).Append('{').Append(label).Append("=\"").Append(Escape(value, quoted: true)).Append("\"} ")
          .Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>HELP text escapes backslash and newline; label values also escape double quotes.</summary>
    private static string Escape(string s, bool quoted)
    {
        var e = s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return quoted ? e.Replace("\"", "\\\"", StringComparison.Ordinal) : e;
    }
}
