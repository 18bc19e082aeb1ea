using System.Text.Json;

namespace Moat.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Exchange =
        """{"id":"e1","ts":"2026-04-22T03:14:07.123Z","account_id":"acct_1","endpoint":"/v1/messages","model":"m","request":{"messages":[{"role":"user","content":"hi"}]},"response":{"status":200}}""";

    private const string Account = """{"account_id":"acct_1","created_at":"2026-01-01T00:00:00Z"}""";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Clean_files_exit_0()
    {
        var (exit, stdout, _) = await CliRun.Moat("validate", _dir.File("e.jsonl", Exchange + "\n"), _dir.File("a.jsonl", Account + "\n"));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("e.jsonl: exchanges, 1 valid, 0 bad", stdout);
        Assert.Contains("a.jsonl: accounts, 1 valid, 0 bad", stdout);
    }

    [Fact]
    public async Task Bad_lines_exit_1_and_are_listed_with_line_numbers()
    {
        var (exit, stdout, _) = await CliRun.Moat("validate", _dir.File("e.jsonl", $"{Exchange}\n{{broken\n{Exchange}\n"));
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Contains("2 valid, 1 bad (malformed_json 1)", stdout);
        Assert.Contains("line 2: malformed_json:", stdout);
    }

    [Fact]
    public async Task An_empty_or_missing_file_exits_3()
    {
        var (exit, stdout, _) = await CliRun.Moat("validate", _dir.File("e.jsonl", Exchange + "\n"), _dir.File("empty.jsonl", ""));
        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains("empty.jsonl: unknown kind, 0 valid, 0 bad: UNREADABLE, the file is empty", stdout);

        (exit, _, _) = await CliRun.Moat("validate", System.IO.Path.Combine(_dir.Path, "missing.jsonl"));
        Assert.Equal(ExitCodes.InputError, exit);
    }

    [Fact]
    public async Task Json_output_is_one_parseable_document_with_cross_file_warnings()
    {
        var other = Exchange.Replace("acct_1", "acct_9", StringComparison.Ordinal);
        var (exit, stdout, _) = await CliRun.Moat("validate", "--json",
            _dir.File("e.jsonl", $"{Exchange}\n{other}\n[]\n"), _dir.File("a.jsonl", Account + "\n"));
        Assert.Equal(ExitCodes.Findings, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("bad_records", doc.RootElement.GetProperty("outcome").GetString());
        var files = doc.RootElement.GetProperty("files");
        Assert.Equal(2, files[0].GetProperty("valid").GetInt32());
        Assert.Equal(3, files[0].GetProperty("diagnostics")[0].GetProperty("line").GetInt32());
        var warning = doc.RootElement.GetProperty("warnings")[0];
        Assert.Equal("exchange_account_unknown", warning.GetProperty("code").GetString());
        Assert.Equal("acct_9", warning.GetProperty("examples")[0].GetString());
    }

    [Fact]
    public async Task Kind_option_forces_the_rules_of_one_kind()
    {
        var (exit, stdout, _) = await CliRun.Moat("validate", "--kind", "labels", _dir.File("a.jsonl", Account + "\n"));
        Assert.Equal(ExitCodes.InputError, exit);
        Assert.Contains("missing_field", stdout);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "--kind", "nonsense", "x.jsonl")]
    [InlineData("validate", "--max-diagnostics", "-1", "x.jsonl")]
    [InlineData("validate", "-", "-")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exit, _, stderr) = await CliRun.Moat(args);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("moat: ", stderr);
    }

    [Fact]
    public async Task Help_explains_the_options_with_examples()
    {
        var (exit, stdout, _) = await CliRun.Moat("validate", "--help");
        Assert.Equal(ExitCodes.Success, exit);
        foreach (var expected in new[] { "--kind", "--json", "--max-diagnostics", "Examples:", "moat validate data/exchanges.jsonl.gz", "Exit codes:" })
        {
            Assert.Contains(expected, stdout);
        }
        (exit, stdout, _) = await CliRun.Moat("--help");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("moat validate data/exchanges.jsonl", stdout);
        Assert.Contains("Exit codes:", stdout);
    }
}
