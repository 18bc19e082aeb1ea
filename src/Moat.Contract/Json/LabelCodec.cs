using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Records;
using static Moat.Contract.Json.JsonFields;

namespace Moat.Contract.Json;

/// <summary><c>labels.jsonl</c> lines (data contract §3).</summary>
public sealed class LabelCodec : IRecordCodec<Label>
{
    public static readonly LabelCodec Instance = new();

    public Label Parse(ReadOnlySpan<byte> utf8Line)
    {
        var r = new Utf8JsonReader(utf8Line);
        Next(ref r);
        if (r.TokenType != JsonTokenType.StartObject)
            throw new RecordFormatException(ReadProblems.NotAnObject, "line is not a JSON object");
        string? accountId = null, label = null, campaignId = null, persona = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.ValueTextEquals("account_id"u8)) { Next(ref r); accountId = RequiredString(ref r, "account_id"); }
            else if (r.ValueTextEquals("label"u8)) { Next(ref r); label = RequiredString(ref r, "label"); }
            else if (r.ValueTextEquals("campaign_id"u8)) { Next(ref r); campaignId = OptionalString(ref r, "campaign_id"); }
            else if (r.ValueTextEquals("persona"u8)) { Next(ref r); persona = OptionalString(ref r, "persona"); }
            else { Next(ref r); SkipValue(ref r); }
        }
        ExchangeCodec.EnsureEnd(ref r);
        if (label is not (LabelKinds.Organic or LabelKinds.Attack) && label is not null)
            throw new RecordFormatException(ReadProblems.InvalidValue, $"field 'label': expected 'organic' or 'attack', found '{label}'");
        return new Label
        {
            AccountId = accountId ?? throw Missing("account_id"),
            Kind = label ?? throw Missing("label"),
            CampaignId = campaignId,
            Persona = persona,
        };
    }

    public void Write(Utf8JsonWriter w, Label l)
    {
        w.WriteStartObject();
        w.WriteString("account_id"u8, l.AccountId);
        w.WriteString("label"u8, l.Kind);
        ExchangeCodec.WriteOptional(w, "campaign_id"u8, l.CampaignId);
        ExchangeCodec.WriteOptional(w, "persona"u8, l.Persona);
        w.WriteEndObject();
    }
}
