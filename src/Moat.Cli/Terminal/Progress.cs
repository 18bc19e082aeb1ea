using Spectre.Console;

namespace Moat.Cli.Terminal;

/// <summary>
/// Progress on stderr for long work. Silent when stderr is not a terminal or with --quiet,
/// so that scripts and CI logs only see results.
/// </summary>
internal sealed class Progress
{
    private readonly bool _enabled;
    private readonly IAnsiConsole _console;

    public Progress(bool quiet)
    {
        _enabled = !quiet && !Console.IsErrorRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    public bool Enabled => _enabled;

    /// <summary>Runs <paramref name="work"/> with a live status line that it can update.</summary>
    public T Run<T>(string title, Func<Action<string>, T> work)
    {
        if (!_enabled) return work(_ => { });
        T result = default!;
        _console.Status().Spinner(Spinner.Known.Dots).Start(title, ctx =>
        {
            result = work(text => ctx.Status($"{title}: {Markup.Escape(text)}"));
        });
        return result;
    }

    /// <summary>A one-line note on stderr (unless quiet); never on stdout, which carries results.</summary>
    public void Note(string text)
    {
        if (_enabled) _console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
    }
}
