using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Moat.Gateway.Accounts;
using Moat.Gateway.Decisions;
using Moat.Gateway.Logging;
using Moat.Gateway.Metrics;
using Moat.Gateway.Scoring;

namespace Moat.Gateway.Admin;

/// <summary>
/// The operator's port: <c>/healthz</c> and <c>/metrics</c> open (for probes and Prometheus), everything
/// under <c>/admin</c> behind the bearer token: list and set decisions, inspect one account.
/// </summary>
public static class AdminApi
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    /// <summary>Body of <c>PUT /admin/decisions/{account}</c>.</summary>
    public sealed record SetDecision(string? Action, string? Reason, string? CampaignId, double? Score);

    public static void Map(WebApplication app, AdminToken token, DecisionBook decisions, DecisionStore? store, AccountRegistry registry, AccountActivity activity,
        GatewayMetrics metrics, ExchangeLog log, Func<int> reload, TimeProvider time)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/metrics", () => Results.Text(PrometheusText.Render(metrics, log, decisions, activity.Count, store), PrometheusText.ContentType));

        var admin = app.MapGroup("/admin");
        admin.AddEndpointFilter(async (ctx, next) =>
        {
            if (!token.Configured)
                return Results.Json(new { error = "the admin API is disabled: start moat serve with --admin-token-file" }, Json, statusCode: 403);
            if (!token.Accepts(ctx.HttpContext.Request.Headers.Authorization.ToString()))
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Json(new { error = "missing or wrong bearer token" }, Json, statusCode: 401);
            }
            return await next(ctx);
        });

        admin.MapGet("/decisions", () => Results.Json(new { decisions = decisions.Snapshot().Select(View) }, Json));
        admin.MapGet("/decisions/{account}", (string account) =>
            decisions.Find(account) is { } d ? Results.Json(View(d), Json) : Results.Json(View(Allow(account, time)), Json));
        admin.MapPut("/decisions/{account}", async (string account, SetDecision body) =>
        {
            if (!GatewayActions.TryParse(body.Action, out var action))
                return Results.Json(new { error = "action must be one of allow, review, watermark, degrade, throttle, block" }, Json, statusCode: 400);
            var decision = new AccountDecision(account, action, DecisionSource.Admin, body.CampaignId, body.Score ?? 1.0,
                body.Reason ?? "set by an operator", time.GetUtcNow().UtcDateTime);
            decisions.SetAdmin(decision);
            if (!await Persisted(store)) return NotSaved();
            return Results.Json(View(decision), Json);
        });
        // ?source=online withdraws an online decision instead (they are kept across restarts too).
        admin.MapDelete("/decisions/{account}", async (string account, string? source) =>
        {
            bool online = string.Equals(source, "online", StringComparison.OrdinalIgnoreCase);
            if (source is not null && !online && !string.Equals(source, "admin", StringComparison.OrdinalIgnoreCase))
                return Results.Json(new { error = "source must be admin or online" }, Json, statusCode: 400);
            if (!(online ? decisions.ClearOnline(account) : decisions.ClearAdmin(account)))
                return Results.Json(new { error = $"no {(online ? "online" : "admin")} decision for this account" }, Json, statusCode: 404);
            return await Persisted(store) ? Results.NoContent() : NotSaved();
        });
        admin.MapGet("/accounts/{account}", (string account) =>
        {
            var (scan, adminDecision, online) = decisions.Sources(account);
            var state = activity.Find(account);
            var now = time.GetUtcNow().UtcDateTime;
            var registered = registry.Find(account);
            return Results.Json(new
            {
                account_id = account,
                decision = View(decisions.Find(account) ?? Allow(account, time)),
                sources = new { scan = scan is null ? null : View(scan), admin = adminDecision is null ? null : View(adminDecision), online = online is null ? null : View(online) },
                activity = state is null ? null : new
                {
                    first_seen = state.FirstSeen,
                    last_seen = state.LastSeen,
                    requests = state.Requests,
                    requests_last_minute = Math.Round(state.RequestsPerMinute(now), 1),
                    exchanges = state.Exchanges,
                    template_matches = state.TemplateMatches,
                    last_template_id = state.LastTemplateId,
                    last_template_campaign = state.LastTemplateCampaign,
                },
                registry = registered is null ? null : new
                {
                    created_at = registered.CreatedAt,
                    org_id = registered.OrgId,
                    payment_fingerprint = registered.PaymentFingerprint,
                    signup_ip = registered.SignupIp,
                    tier = registered.Tier,
                    verified = registered.Verified,
                },
            }, Json);
        });
        admin.MapPost("/reload", () => Results.Json(new { reloaded = reload() }, Json));
    }

    /// <summary>An operator's change is answered once it is on disk, so a restart right after cannot lose it.</summary>
    private static Task<bool> Persisted(DecisionStore? store) => store?.FlushAsync() ?? Task.FromResult(true);

    private static IResult NotSaved() => Results.Json(
        new { error = "the decision applies now but could not be saved to the decisions database; it will be lost on restart (see the gateway's stderr)" },
        Json, statusCode: 500);

    private static AccountDecision Allow(string account, TimeProvider time) =>
        new(account, GatewayAction.Allow, DecisionSource.Scan, null, 0, "no decision", time.GetUtcNow().UtcDateTime);

    private static object View(AccountDecision d) => new
    {
        account_id = d.AccountId,
        action = GatewayActions.Name(d.Action),
        source = d.Source.ToString().ToLowerInvariant(),
        campaign_id = d.CampaignId,
        score = d.Score,
        reason = d.Reason,
        decided_at = d.DecidedAt,
    };
}
