using FsCheck;
using FsCheck.Fluent;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;

namespace Moat.Contract.Tests.Io;

/// <summary>Any record the contract allows, written and read back, is the same record.</summary>
public sealed class RoundTripProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(200).WithEndSize(25);

    // Pieces chosen to hit the writer's escaping: quotes, backslashes, control characters, line
    // separators, non-BMP characters (surrogate pairs) and any other scalar value.
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString()),
        Gen.Elements("\"", "\\", "\n", "\r", "\t", "\0", "\u0001", "\u001f", "\u007f", "\u2028", "\u2029", "/", "</script>", "é", "日本", "😀", "\uFEFF"),
        Gen.Choose(0, 0x10FFFF).Where(cp => cp is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32));

    private static readonly Gen<string> Text = Gen.ListOf(Piece).Select(pieces => string.Concat(pieces));

    private static readonly Gen<string?> OptionalText = Gen.OneOf(Gen.Constant<string?>(null), Text.Select(s => (string?)s));

    private static readonly Gen<int> AnyInt = ArbMap.Default.GeneratorFor<int>();

    private static readonly Gen<int?> OptionalInt = Gen.OneOf(Gen.Constant<int?>(null), AnyInt.Select(i => (int?)i));

    private static readonly Gen<bool?> OptionalBool = Gen.Elements<bool?>(null, true, false);

    private static readonly Gen<double?> OptionalDouble = Gen.OneOf(
        Gen.Constant<double?>(null),
        Gen.Choose(0, 200).Select(t => (double?)(t / 100.0)),
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => (double?)d));

    // The contract's timestamps have millisecond precision; writers emit exactly that.
    private static readonly Gen<DateTime> Timestamp =
        from days in Gen.Choose(0, 365 * 200)
        from ms in Gen.Choose(0, 86_400_000 - 1)
        select new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(days).AddMilliseconds(ms);

    private static readonly Gen<ChatMessage> Message =
        from role in Gen.OneOf(Gen.Elements(ChatRoles.User, ChatRoles.Assistant, ChatRoles.Tool), Text)
        from content in Text
        select new ChatMessage(role, content);

    private static readonly Gen<ExchangeRequest> Request =
        from system in OptionalText
        from messages in Gen.ListOf(Message)
        from tools in OptionalInt
        from maxTokens in OptionalInt
        from temperature in OptionalDouble
        from stream in OptionalBool
        from reasoning in OptionalBool
        select new ExchangeRequest
        {
            System = system, Messages = messages, Tools = tools, MaxTokens = maxTokens,
            Temperature = temperature, Stream = stream, Reasoning = reasoning,
        };

    private static readonly Gen<ExchangeResponse> Response =
        from status in Gen.Choose(100, 599)
        from text in OptionalText
        from input in OptionalInt
        from output in OptionalInt
        from reasoning in OptionalInt
        from finish in OptionalText
        from latency in OptionalInt
        select new ExchangeResponse
        {
            Status = status, Text = text, InputTokens = input, OutputTokens = output,
            ReasoningTokens = reasoning, FinishReason = finish, LatencyMs = latency,
        };

    private static readonly Gen<Exchange> ExchangeGen =
        from id in Text
        from ts in Timestamp
        from account in Text
        from org in OptionalText
        from key in OptionalText
        from ip in OptionalText
        from ua in OptionalText
        from tls in OptionalText
        from endpoint in Text
        from model in Text
        from request in Request
        from response in Response
        select new Exchange
        {
            Id = id, Ts = ts, AccountId = account, OrgId = org, ApiKeyId = key, Ip = ip, UserAgent = ua,
            TlsFingerprint = tls, Endpoint = endpoint, Model = model, Request = request, Response = response,
        };

    private static readonly Gen<Account> AccountGen =
        from id in Text
        from created in Timestamp
        from org in OptionalText
        from email in OptionalText
        from payment in OptionalText
        from country in OptionalText
        from ip in OptionalText
        from tier in Gen.OneOf(Gen.Elements<string?>(null, AccountTiers.Free, AccountTiers.Enterprise), OptionalText)
        from verified in OptionalBool
        select new Account
        {
            AccountId = id, CreatedAt = created, OrgId = org, EmailDomain = email, PaymentFingerprint = payment,
            Country = country, SignupIp = ip, Tier = tier, Verified = verified,
        };

    private static readonly Gen<Label> LabelGen =
        from id in Text
        from kind in Gen.Elements(LabelKinds.Organic, LabelKinds.Attack)
        from campaign in OptionalText
        from persona in OptionalText
        select new Label { AccountId = id, Kind = kind, CampaignId = campaign, Persona = persona };

    private static bool RoundTrips<T>(List<T> records, IRecordCodec<T> codec, bool gzip)
    {
        var bytes = ContractSamples.Jsonl(records, codec);
        if (gzip) bytes = ContractSamples.Gzip(bytes);
        var report = new ReadReport();
        var read = RecordReader.Read(new MemoryStream(bytes), "generated", codec, report, requireRecords: false).ToList();
        return report.BadLines == 0 && read.SequenceEqual(records);
    }

    [Fact]
    public void Any_exchanges_round_trip() =>
        Prop.ForAll(Arb.From(Gen.ListOf(ExchangeGen)), Arb.From(Gen.Elements(false, true)),
            (records, gzip) => RoundTrips(records, ExchangeCodec.Instance, gzip)).Check(Config);

    [Fact]
    public void Any_accounts_round_trip() =>
        Prop.ForAll(Arb.From(Gen.ListOf(AccountGen)), Arb.From(Gen.Elements(false, true)),
            (records, gzip) => RoundTrips(records, AccountCodec.Instance, gzip)).Check(Config);

    [Fact]
    public void Any_labels_round_trip() =>
        Prop.ForAll(Arb.From(Gen.ListOf(LabelGen)), Arb.From(Gen.Elements(false, true)),
            (records, gzip) => RoundTrips(records, LabelCodec.Instance, gzip)).Check(Config);
}
