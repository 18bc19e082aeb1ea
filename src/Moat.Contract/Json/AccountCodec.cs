using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;
using static Moat.Contract.Json.JsonFields;

namespace Moat.Contract.Json;

/// <summary><c>accounts.jsonl</c> lines (data contract §2).</summary>
public sealed class AccountCodec : IRecordCodec<Account>
{
    public static readonly AccountCodec Instance = new();

    public Account Parse(ReadOnlySpan<byte> utf8Line)
    {
        var r = new Utf8JsonReader(utf8Line);
        Next(ref r);
        if (r.TokenType != JsonTokenType.StartObject)
            throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");
        string? accountId = null, orgId = null, emailDomain = null, payment = null, country = null, signupIp = null, tier = null;
        DateTime? createdAt = null;
        bool? verified = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("account_id"u8)) { Next(ref r); accountId = RequiredString(ref r, "account_id"); }
            else if (r.ValueTextEquals("created_at"u8)) { Next(ref r); createdAt = Timestamp(ref r, "created_at"); }
            else if (r.ValueTextEquals("org_id"u8)) { Next(ref r); orgId = OptionalString(ref r, "org_id"); }
            else if (r.ValueTextEquals("email_domain"u8)) { Next(ref r); emailDomain = OptionalString(ref r, "email_domain"); }
            else if (r.ValueTextEquals("payment_fingerprint"u8)) { Next(ref r); payment = OptionalString(ref r, "payment_fingerprint"); }
            else if (r.ValueTextEquals("country"u8)) { Next(ref r); country = OptionalString(ref r, "country"); }
            else if (r.ValueTextEquals("signup_ip"u8)) { Next(ref r); signupIp = OptionalString(ref r, "signup_ip"); }
            else if (r.ValueTextEquals("tier"u8)) { Next(ref r); tier = OptionalString(ref r, "tier"); }
            else if (r.ValueTextEquals("verified"u8)) { Next(ref r); verified = OptionalBool(ref r, "verified"); }
            else { Next(ref r); SkipValue(ref r); }
        }
        ExchangeCodec.EnsureEnd(ref r);
        return new Account
        {
            AccountId = accountId ?? throw Missing("account_id"),
            CreatedAt = createdAt ?? throw Missing("created_at"),
            OrgId = orgId,
            EmailDomain = emailDomain,
            PaymentFingerprint = payment,
            Country = country,
            SignupIp = signupIp,
            Tier = tier,
            Verified = verified,
        };
    }

    public void Write(Utf8JsonWriter w, Account a)
    {
        w.WriteStartObject();
        w.WriteString("account_id"u8, a.AccountId);
        ExchangeCodec.WriteTimestamp(w, "created_at"u8, a.CreatedAt);
        ExchangeCodec.WriteOptional(w, "org_id"u8, a.OrgId);
        ExchangeCodec.WriteOptional(w, "email_domain"u8, a.EmailDomain);
        ExchangeCodec.WriteOptional(w, "payment_fingerprint"u8, a.PaymentFingerprint);
        ExchangeCodec.WriteOptional(w, "country"u8, a.Country);
        ExchangeCodec.WriteOptional(w, "signup_ip"u8, a.SignupIp);
        ExchangeCodec.WriteOptional(w, "tier"u8, a.Tier);
        if (a.Verified is { } verified) w.WriteBoolean("verified"u8, verified);
        w.WriteEndObject();
    }
}
