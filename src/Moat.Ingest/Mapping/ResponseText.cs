using System.Text;

namespace Moat.Ingest.Mapping;

/// <summary>
/// Builds the contract's <c>response.text</c> the same way for both providers and for both whole
/// bodies and streams, so that a streamed answer converts to exactly the text of its non-streamed
/// twin. Text segments join directly (Anthropic splits one answer into several text blocks, e.g.
/// around citations); tool calls and other non-text items go on their own line as
/// <c>[tool_use name] {arguments}</c> or <c>[kind]</c>.
/// </summary>
internal sealed class ResponseText
{
    [ThreadStatic] private static ResponseText? t_shared;

    private readonly StringBuilder _text = new(256);
    private bool _any;
    private bool _lastWasText;
    private bool _inTool;
    private bool _toolHasArguments;

    /// <summary>A cleared instance for this thread, for mapping one whole body at a time without allocating a builder.</summary>
    public static ResponseText ForThread()
    {
        var text = t_shared ??= new ResponseText();
        text.Clear();
        return text;
    }

    public bool IsEmpty => !_any;

    public void Clear()
    {
        _text.Clear();
        if (_text.Capacity > 1 << 20) _text.Capacity = 256;
        _any = _lastWasText = _inTool = _toolHasArguments = false;
    }

    /// <summary>Marks that the response had an output, even if it is the empty string.</summary>
    public void Touch() => _any = true;

    public void Text(ReadOnlySpan<char> text)
    {
        EndTool();
        if (!_lastWasText && _text.Length > 0) _text.Append('\n');
        _text.Append(text);
        _lastWasText = true;
        _any = true;
    }

    public void BeginTool(string? name)
    {
        EndTool();
        if (_text.Length > 0) _text.Append('\n');
        _text.Append("[tool_use");
        if (!string.IsNullOrEmpty(name)) _text.Append(' ').Append(name);
        _text.Append("] ");
        _inTool = true;
        _toolHasArguments = false;
        _lastWasText = false;
        _any = true;
    }

    public void ToolArguments(ReadOnlySpan<char> json)
    {
        if (json.IsEmpty) return;
        _text.Append(json);
        _toolHasArguments = true;
    }

    /// <summary>Closes a tool call; one that streamed no argument text took no arguments.</summary>
    public void EndTool()
    {
        if (!_inTool) return;
        if (!_toolHasArguments) _text.Append("{}");
        _inTool = false;
    }

    public void Placeholder(string kind)
    {
        EndTool();
        if (_text.Length > 0) _text.Append('\n');
        _text.Append('[').Append(kind).Append(']');
        _lastWasText = false;
        _any = true;
    }

    public string? Build()
    {
        EndTool();
        return _any ? _text.ToString() : null;
    }
}
