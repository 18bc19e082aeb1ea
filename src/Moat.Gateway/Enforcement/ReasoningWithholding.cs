using System.Text.Json;
using System.Text.Json.Nodes;
using Moat.Gateway.Proxy;

namespace Moat.Gateway.Enforcement;

/// <summary>
/// The <c>degrade</c> action: a distiller wants the model's reasoning more than its answers, so a
/// degraded account gets answers without it. Requests for reasoning are stripped before they reach
/// the upstream, and any reasoning the upstream returns anyway is withheld, in plain JSON and in
/// SSE streams alike.
/// </summary>
public static class ReasoningWithholding
{
    private static readonly string[] OpenAiRequestFields = ["reasoning_effort", "reasoning", "include_reasoning"];
    private static readonly string[] OpenAiMessageFields = ["reasoning_content", "reasoning", "reasoning_details"];

    /// <summary>The request without reasoning fields, or null when it has none (or is not JSON).</summary>
    public static byte[]? StripRequest(Provider provider, ReadOnlySpan<byte> body)
    {
        if (Parse(body) is not JsonObject root) return null;
        bool changed = provider == Provider.Anthropic ? root.Remove("thinking") : RemoveAll(root, OpenAiRequestFields);
        return changed ? JsonSerializer.SerializeToUtf8Bytes(root) : null;
    }

    /// <summary>A complete JSON response without reasoning content, or null when it had none.</summary>
    public static byte[]? StripResponse(Provider provider, ReadOnlySpan<byte> body)
    {
        if (Parse(body) is not JsonObject root) return null;
        bool changed = false;
        if (provider == Provider.Anthropic)
        {
            if (root["content"] is JsonArray content)
            {
                for (int i = content.Count - 1; i >= 0; i--)
                {
                    if (IsThinkingBlock(content[i])) { content.RemoveAt(i); changed = true; }
                }
            }
        }
        else if (root["choices"] is JsonArray choices)
        {
            foreach (var choice in choices)
            {
                if (choice?["message"] is JsonObject message) changed |= RemoveAll(message, OpenAiMessageFields);
            }
        }
        return changed ? JsonSerializer.SerializeToUtf8Bytes(root) : null;
    }

    /// <summary>
    /// Per-stream state: Anthropic thinking blocks are dropped whole, and the blocks after them are
    /// renumbered so that clients, which index content blocks by position, see a consistent message.
    /// </summary>
    public sealed class StreamState(Provider provider)
    {
        private readonly List<int> _droppedIndexes = [];

        public Provider Provider { get; } = provider;

        /// <summary>
        /// Returns the event's new data payload, <see cref="Drop"/> to withhold the whole event, or
        /// null to pass it unchanged.
        /// </summary>
        public byte[]? Rewrite(ReadOnlySpan<byte> data)
        {
            // Fast path: most events carry no reasoning and follow no dropped block.
            if (_droppedIndexes.Count == 0 && data.IndexOf("reasoning"u8) < 0 && data.IndexOf("thinking"u8) < 0) return null;
            if (Parse(data) is not JsonObject root) return null;
            return Provider == Provider.Anthropic ? RewriteAnthropic(root) : RewriteOpenAi(root);
        }

        private byte[]? RewriteAnthropic(JsonObject root)
        {
            string? type = root["type"]?.GetValueKind() == JsonValueKind.String ? root["type"]!.GetValue<string>() : null;
            if (type is not ("content_block_start" or "content_block_delta" or "content_block_stop")) return null;
            if (root["index"] is not JsonValue indexNode || !indexNode.TryGetValue(out int index)) return null;
            if (type == "content_block_start" && IsThinkingBlock(root["content_block"]))
            {
                _droppedIndexes.Add(index);
                return Drop;
            }
            if (_droppedIndexes.Contains(index)) return Drop;
            int before = 0;
            foreach (var d in _droppedIndexes) if (d < index) before++;
            if (before == 0) return null;
            root["index"] = index - before;
            return JsonSerializer.SerializeToUtf8Bytes(root);
        }

        private static byte[]? RewriteOpenAi(JsonObject root)
        {
            bool changed = false;
            if (root["choices"] is JsonArray choices)
            {
                foreach (var choice in choices)
                {
                    if (choice?["delta"] is JsonObject delta) changed |= RemoveAll(delta, OpenAiMessageFields);
                    if (choice?["message"] is JsonObject message) changed |= RemoveAll(message, OpenAiMessageFields);
                }
            }
            return changed ? JsonSerializer.SerializeToUtf8Bytes(root) : null;
        }
    }

    /// <summary>Marker returned by <see cref="StreamState.Rewrite"/> for events withheld entirely.</summary>
    public static readonly byte[] Drop = [];

    private static bool IsThinkingBlock(JsonNode? block) =>
        block is JsonObject o && o["type"]?.GetValueKind() == JsonValueKind.String
        && o["type"]!.GetValue<string>() is "thinking" or "redacted_thinking";

    private static bool RemoveAll(JsonObject o, string[] names)
    {
        bool changed = false;
        foreach (var name in names) changed |= o.Remove(name);
        return changed;
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> body)
    {
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }
}
