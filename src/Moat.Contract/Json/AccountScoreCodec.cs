using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;
using static Moat.Contract.Json.JsonFields;

namespace Moat.Contract.Json;

/// <summary><c>account_scores.jsonl</c> lines (data contract §4).</summary>
public sealed class AccountScoreCodec : IRecordCodec<AccountScore>
{
    public static readonly AccountScoreCodec Instance = new();

    public AccountScore Parse(ReadOnlySpan<byte> utf8Line)
    {
        var r = new Utf8JsonReader(utf8Line);
        Next(ref r);
        if (r.TokenType != JsonTokenType.StartObject)
            throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");
        string? accountId = null, campaignId = null, action = null;
        long? exchanges = null;
        double? score = null;
        List<string>? reasons = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("account_id"u8)) { Next(ref r); accountId = RequiredString(ref r, "account_id"); }
            else if (r.ValueTextEquals("score"u8)) { Next(ref r); score = OptionalDouble(ref r, "score"); }
            else if (r.ValueTextEquals("campaign_id"u8)) { Next(ref r); campaignId = OptionalString(ref r, "campaign_id"); }
            else if (r.ValueTextEquals("exchanges"u8)) { Next(ref r); exchanges = OptionalInt(ref r, "exchanges"); }
            else if (r.ValueTextEquals("action"u8)) { Next(ref r); action = OptionalString(ref r, "action"); }
            else if (r.ValueTextEquals("reasons"u8))
            {
                Next(ref r);
                if (r.TokenType != JsonTokenType.StartArray) throw WrongType("reasons", "array", r.TokenType);
                reasons = [];
                while (true)
                {
                    Next(ref r);
                    if (r.TokenType == JsonTokenType.EndArray) break;
                    reasons.Add(RequiredString(ref r, "reasons[]"));
                }
            }
            else { Next(ref r); SkipValue(ref r); }
        }
        ExchangeCodec.EnsureEnd(ref r);
        return new AccountScore
        {
            AccountId = accountId ?? throw Missing("account_id"),
            Score = score ?? throw Missing("score"),
            CampaignId = campaignId,
            Reasons = reasons ?? [],
            Exchanges = exchanges,
            Action = action,
        };
    }

    public void Write(Utf8JsonWriter w, AccountScore s)
    {
        w.WriteStartObject();
        w.WriteString("account_id"u8, s.AccountId);
        w.WriteNumber("score"u8, Math.Round(s.Score, 4));
        if (s.CampaignId is null) w.WriteNull("campaign_id"u8); else w.WriteString("campaign_id"u8, s.CampaignId);
        w.WriteStartArray("reasons"u8);
        foreach (var reason in s.Reasons) w.WriteStringValue(reason);
        w.WriteEndArray();
        if (s.Exchanges is { } exchanges) w.WriteNumber("exchanges"u8, exchanges);
        if (s.Action is { } action) w.WriteString("action"u8, action);
        w.WriteEndObject();
    }
}
