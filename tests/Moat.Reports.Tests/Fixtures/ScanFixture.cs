using System.Globalization;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Reports.Tests.Fixtures;

/// <summary>
/// Writes a realistic scan folder (data contract §4 with every optional extension): a 25,000-account
/// harvesting campaign, a mid-sized one, a small one, organic accounts and a few lone distillers.
/// With <see cref="Options.Hostile"/> every attacker-controllable string carries an injection payload.
/// </summary>
public static class ScanFixture
{
    /// <summary>Payloads a hostile client can put into prompts, user agents or ids.</summary>
    public static readonly string[] Payloads =
    [
        "</script><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "<!--<script>alert(1)//",
        "';alert(1);//\u2028\u2029",
        "javascript:alert(1)",
        "<iframe srcdoc=\"<script>parent.alert(1)</script>\"></iframe>",
    ];

    public sealed record Options
    {
        public int BigCampaignAccounts { get; init; } = 25_000;
        public long BigCampaignExchanges { get; init; } = 28_800_000;
        public int BigCampaignLinks { get; init; } = 40_000;
        public int OrganicAccounts { get; init; } = 6_000;
        public bool Hostile { get; init; }
        public int Seed { get; init; } = 7;
    }

    public sealed record Written(string Folder, CampaignsDocument Document, int ScoredAccounts);

    private static readonly string[] LinkKinds = ["payment", "signup_ip", "ip_prefix", "synchrony", "template", "fingerprint"];

    public static Written Write(string folder, Options? options = null)
    {
        var o = options ?? new Options();
        var random = new Random(o.Seed);
        Directory.CreateDirectory(folder);
        string P(int i) => o.Hostile ? Payloads[i % Payloads.Length] : "";

        var big = Members(o.Hostile ? "hx" : "hy", o.BigCampaignAccounts, random, o.Hostile);
        var mid = Members("mr", 400, random, o.Hostile);
        var small = Members("ql", 36, random, o.Hostile);
        var campaigns = new List<Campaign>
        {
            MakeCampaign(o.Hostile ? "hydra-7f3a" + P(0) : "hydra-7f3a", big, o.BigCampaignExchanges, new DateTime(2026, 4, 22, 0, 4, 11, DateTimeKind.Utc), new DateTime(2026, 6, 5, 23, 58, 2, DateTimeKind.Utc),
                new() { ["agentic_tool_use"] = 0.46, ["coding"] = 0.31, ["reasoning_trace"] = 0.17, ["other"] = 0.06 }, "block", 0.97, o.BigCampaignLinks, flatHours: true, random, o),
            MakeCampaign("mirror-2c91", mid, 1_240_000, new DateTime(2026, 5, 3, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 1, 19, 30, 0, DateTimeKind.Utc),
                new() { ["reasoning_trace"] = 0.52, ["math"] = 0.33, ["other"] = 0.15 }, "throttle", 0.88, 2_000, flatHours: false, random, o),
            MakeCampaign("quill-05be", small, 84_310, new DateTime(2026, 5, 20, 13, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 27, 2, 0, 0, DateTimeKind.Utc),
                new() { ["coding"] = 0.78, ["other"] = 0.22 }, "review", 0.71, 120, flatHours: false, random, o),
        };

        var organicTimeline = Timeline(new DateOnly(2026, 4, 15), new DateOnly(2026, 6, 8), 410_000, random, ramp: false);
        long organicExchanges = organicTimeline.Sum(d => d.Exchanges);
        long allExchanges = organicExchanges + campaigns.Sum(c => c.Exchanges);
        var document = new CampaignsDocument(new DateTime(2026, 6, 9, 6, 0, 0, DateTimeKind.Utc), campaigns)
        {
            OrganicTimeline = organicTimeline,
            Stats = new ScanStats(o.OrganicAccounts + campaigns.Sum(c => c.Accounts.Count), allExchanges, 17),
        };
        CampaignsJson.Write(Path.Combine(folder, ScanOutputFiles.Campaigns), document);

        int scored = 0;
        var enforcement = new List<EnforcementEntry>();
        using (var scores = RecordWriter<AccountScore>.Create(Path.Combine(folder, ScanOutputFiles.AccountScores), AccountScoreCodec.Instance))
        {
            foreach (var c in campaigns)
            {
                long perAccount = Math.Max(1, c.Exchanges / c.Accounts.Count);
                for (int i = 0; i < c.Accounts.Count; i++)
                {
                    double score = Math.Round(0.62 + 0.37 * Math.Sqrt(random.NextDouble()), 4);
                    string action = score >= 0.8 ? c.RecommendedAction : "review";
                    var reasons = new List<string>
                    {
                        $"member of campaign {c.Id} (confidence {c.Confidence:0.00})",
                        $"shares payment instrument pay_{i / 50:x5} with {Math.Min(50, c.Accounts.Count)} accounts",
                    };
                    if (i % 3 == 0) reasons.Add($"sign-up IP 198.51.100.{i % 250} shared with {5 + i % 20} accounts" + P(i));
                    if (i % 4 == 0) reasons.Add("prompts follow mined template t3 (" + (o.Hostile ? P(i + 1) : "Solve step by step") + ")");
                    if (c.HourOfDay is not null) reasons.Add("active 24 hours a day");
                    scores.Write(new AccountScore { AccountId = c.Accounts[i], Score = score, CampaignId = c.Id, Reasons = reasons, Exchanges = perAccount + random.Next(-3, 4), Action = action });
                    enforcement.Add(new EnforcementEntry(c.Accounts[i], action, c.Id, score, reasons[0]));
                    scored++;
                }
            }
            for (int i = 0; i < o.OrganicAccounts; i++)
            {
                string id = $"org_{i:x6}";
                double u = random.NextDouble();
                double score = Math.Round(u * u * u * 0.45, 4);
                var reasons = new List<string>();
                string action = "allow";
                if (i % 997 == 0)
                {
                    score = 0.74;
                    action = "review";
                    reasons.Add("lone account: 96% of prompts are reasoning-trace extraction");
                }
                else if (score > 0.3) reasons.Add("high daily volume for a free-tier account");
                scores.Write(new AccountScore { AccountId = id, Score = score, CampaignId = null, Reasons = reasons, Exchanges = 5 + random.Next(400), Action = action });
                if (action != "allow") enforcement.Add(new EnforcementEntry(id, action, null, score, reasons[0]));
                scored++;
            }
        }
        EnforcementCsv.Write(Path.Combine(folder, ScanOutputFiles.Enforcement), enforcement);
        return new Written(folder, document, scored);
    }

    private static List<string> Members(string prefix, int count, Random random, bool hostile)
    {
        var accounts = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            string id = $"acct_{prefix}{i:x5}{random.Next(0x1000):x3}";
            if (hostile && i % 7 == 3) id += Payloads[i % Payloads.Length];
            accounts.Add(id);
        }
        return accounts;
    }

    private static Campaign MakeCampaign(string id, List<string> accounts, long exchanges, DateTime first, DateTime last,
        Dictionary<string, double> capabilities, string action, double confidence, int linkCount, bool flatHours, Random random, Options o)
    {
        var timeline = Timeline(DateOnly.FromDateTime(first), DateOnly.FromDateTime(last), 0, random, ramp: true, total: exchanges);
        var hours = new long[24];
        long assigned = 0;
        for (int h = 0; h < 24; h++)
        {
            double w = flatHours ? 1 + 0.05 * random.NextDouble() : Math.Max(0.05, Math.Sin((h - 6) / 24.0 * 2 * Math.PI) + 0.6);
            hours[h] = (long)(w * 1000);
            assigned += hours[h];
        }
        for (int h = 0; h < 24; h++) hours[h] = hours[h] * exchanges / assigned;

        var links = new List<AccountLink>(linkCount);
        for (int i = 0; i < linkCount; i++)
        {
            string kind = LinkKinds[i % LinkKinds.Length];
            // One payment instrument or sign-up IP per group of ~50 accounts (links to the group's first
            // account, as a shared instrument looks); synchrony and templates within groups of 200; the rest spread.
            int a = random.Next(accounts.Count);
            int b = kind switch
            {
                "payment" or "signup_ip" => Math.Min(accounts.Count - 1, a / 50 * 50 + (kind == "payment" ? 0 : 1)),
                "synchrony" or "template" => Math.Min(accounts.Count - 1, a / 200 * 200 + random.Next(200)),
                _ => random.Next(accounts.Count),
            };
            if (a == b) b = (b + 1) % accounts.Count;
            string detail = kind switch
            {
                "payment" => $"same payment instrument pay_{a / 50:x5}",
                "signup_ip" => $"same sign-up IP 198.51.100.{a / 50 % 250}",
                "ip_prefix" => $"requests from rare prefix 203.0.{a % 64}.0/24 (3 unrelated accounts)",
                "synchrony" => $"{20 + a % 40} request bursts within 2 s of each other",
                "template" => "shared rare template t" + (a % 8),
                _ => "TLS t13d1516h2_8daaf6152771 with user agent python-httpx/0.27.0" + (o.Hostile ? " " + Payloads[i % Payloads.Length] : ""),
            };
            double weight = kind switch { "payment" => 0.9, "signup_ip" => 0.7, "fingerprint" => 0.55, "synchrony" => 0.5, "template" => 0.4, _ => 0.3 } * (0.6 + 0.4 * random.NextDouble());
            links.Add(new AccountLink(accounts[a], accounts[b], kind, Math.Round(weight, 4), detail));
        }
        if (o.Hostile) links.Add(new AccountLink(accounts[0], accounts[1], "template" + Payloads[1], 0.99, Payloads[0]));

        var templates = new List<TemplateSummary>();
        string[] patterns =
        [
            "You are an expert agent. Use the tools {TOOLS} to complete: {TASK}. Think step by step and show every tool call.",
            "Solve step by step and show all reasoning: {PROBLEM}",
            "Write a {LANG} function that {SPEC}. Include tests and explain each line.",
            "Explain your chain of thought in detail before answering: {QUESTION}",
        ];
        for (int t = 0; t < patterns.Length; t++)
        {
            var examples = new List<string>
            {
                patterns[t].Replace("{TASK}", "book a flight from OSL to SFO under $900").Replace("{TOOLS}", "search, book").Replace("{PROBLEM}", "integrate x^2 e^x dx")
                    .Replace("{LANG}", "Rust").Replace("{SPEC}", "parses RFC 3339 timestamps").Replace("{QUESTION}", "why is the sky blue?"),
                "Solve step by step: a train leaves at 14:05 and travels 312 km at 96 km/h; when does it arrive?",
                "数学の問題を段階的に解いてください: 2x + 3 = 11 🧮",
            };
            // Each template leads with five payloads (the page keeps five examples), together covering every payload.
            if (o.Hostile) examples.InsertRange(0, Enumerable.Range(0, 5).Select(k => Payloads[(t * 5 + k) % Payloads.Length]));
            templates.Add(new TemplateSummary($"t{t}", o.Hostile ? patterns[t] + " " + Payloads[t % Payloads.Length] : patterns[t],
                exchanges / (t + 2), Math.Max(2, accounts.Count / (t + 1)), examples));
        }

        var evidence = new List<Evidence>
        {
            new("payment", $"{Math.Max(1, accounts.Count / 50)} payment instruments shared by {accounts.Count} accounts", 0.93),
            new("signup_burst", $"{accounts.Count} accounts created within 36 hours from 14 IP prefixes", 0.81),
            new("template", "71% of prompts match 4 mined templates", 0.74),
            new("synchrony", "request bursts across accounts within 2 s, 24 hours a day", 0.66),
        };
        if (o.Hostile) evidence.Add(new Evidence("user_agent" + Payloads[2], "user agent " + Payloads[0], 0.4));
        if (o.Hostile) capabilities = new Dictionary<string, double>(capabilities) { ["x" + Payloads[1]] = 0.01 };

        return new Campaign
        {
            Id = id, Confidence = confidence, Accounts = accounts, Exchanges = exchanges, FirstSeen = first, LastSeen = last,
            Capabilities = capabilities, Evidence = evidence, RecommendedAction = action,
            Timeline = timeline, HourOfDay = hours, Links = links, Templates = templates,
        };
    }

    private static List<DailyCount> Timeline(DateOnly from, DateOnly to, long perDay, Random random, bool ramp, long total = 0)
    {
        var days = new List<DailyCount>();
        int n = to.DayNumber - from.DayNumber + 1;
        var weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            weights[i] = (ramp ? Math.Min(1.0, 0.15 + i / 6.0) : 1.0) * (0.85 + 0.3 * random.NextDouble()) * (from.AddDays(i).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && !ramp ? 0.55 : 1);
            sum += weights[i];
        }
        long assigned = 0;
        for (int i = 0; i < n; i++)
        {
            long count = total > 0 ? (i == n - 1 ? total - assigned : (long)(total * weights[i] / sum)) : (long)(perDay * weights[i]);
            assigned += count;
            days.Add(new DailyCount(from.AddDays(i), count));
        }
        return days;
    }

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
