using System.Text;
using System.Text.Json;
using Moat.Contract.Io;
using Moat.Contract.Json;
using Moat.Contract.Records;
using Moat.Contract.Validation;

namespace Moat.Contract.Tests.Validation;

public sealed class ContractValidatorTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Random _random = new(41);

    public void Dispose() => _dir.Dispose();

    private string ExchangesFile(string name, IEnumerable<Exchange> exchanges, string extra = "") =>
        _dir.File(name, [.. ContractSamples.Jsonl(exchanges, ExchangeCodec.Instance), .. Encoding.UTF8.GetBytes(extra)]);

    private string AccountsFile(string name, IEnumerable<int> ids) =>
        _dir.File(name, ContractSamples.Jsonl(ids.Select(i => ContractSamples.Account(i, _random)), AccountCodec.Instance));

    private string LabelsFile(string name, IEnumerable<int> ids) =>
        _dir.File(name, ContractSamples.Jsonl(ids.Select(i => ContractSamples.Label(i, _random)), LabelCodec.Instance));

    private static ValidationResult Validate(params string[] paths) => new ContractValidator(new ValidationOptions()).Validate(paths);

    [Fact]
    public void Sniffs_each_kind_from_its_first_valid_record_whatever_the_name()
    {
        var result = Validate(
            ExchangesFile("a.jsonl", ContractSamples.Exchanges(5, seed: 1)),
            AccountsFile("b.jsonl", Enumerable.Range(0, 5)),
            LabelsFile("c.jsonl", Enumerable.Range(0, 5)));
        Assert.Equal([ContractKind.Exchanges, ContractKind.Accounts, ContractKind.Labels], result.Files.Select(f => f.Kind));
        Assert.All(result.Files, f => Assert.Equal(KindSource.Sniffed, f.KindSource));
        Assert.Equal(ValidationOutcome.Clean, result.Outcome);
    }

    [Fact]
    public void Bad_lines_before_the_first_valid_record_are_judged_by_the_sniffed_kind()
    {
        // Line 1 is an account without created_at: as an account that is missing_field 'created_at'.
        var path = _dir.File("x.jsonl", Encoding.UTF8.GetBytes(
            "{\"account_id\":\"a\"}\n{\"account_id\":\"b\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n{oops\n"));
        var file = Validate(path).Files.Single();
        Assert.Equal(ContractKind.Accounts, file.Kind);
        Assert.Equal(1, file.Report.Records);
        Assert.Equal([(1L, "missing_field"), (3L, "malformed_json")], file.Report.FirstDiagnostics.OrderBy(d => d.Line).Select(d => (d.Line, d.Problem)));
        Assert.Contains("created_at", file.Report.FirstDiagnostics.First(d => d.Line == 1).Detail);
    }

    [Fact]
    public void Kind_option_overrides_sniffing_and_makes_other_records_bad()
    {
        var path = AccountsFile("accounts.jsonl", Enumerable.Range(0, 3));
        var file = new ContractValidator(new ValidationOptions { Kind = ContractKind.Labels }).Validate([path]).Files.Single();
        Assert.Equal((ContractKind.Labels, KindSource.Option), (file.Kind!.Value, file.KindSource));
        Assert.False(file.Readable);
        Assert.Equal(3, file.Report.ProblemCounts[ReadProblems.MissingField]);
    }

    [Fact]
    public void Outcome_is_bad_records_when_some_lines_are_bad()
    {
        var result = Validate(ExchangesFile("e.jsonl", ContractSamples.Exchanges(5, seed: 2), "not json\n"));
        Assert.Equal(ValidationOutcome.BadRecords, result.Outcome);
        var d = Assert.Single(result.Files[0].Report.FirstDiagnostics);
        Assert.Equal((6L, ReadProblems.MalformedJson), (d.Line, d.Problem));
    }

    [Fact]
    public void Outcome_is_unreadable_for_an_empty_missing_or_all_bad_file()
    {
        var empty = _dir.File("empty.jsonl", []);
        var garbage = _dir.File("labels.jsonl", Encoding.UTF8.GetBytes("a,b\nc,d\n"));
        var result = Validate(empty, _dir.Combine("missing.jsonl"), garbage, AccountsFile("ok.jsonl", [1]));
        Assert.Equal(ValidationOutcome.Unreadable, result.Outcome);
        Assert.Equal(["the file is empty", "cannot be opened", "no readable record: all 2 bad", null], result.Files.Select(f => f.Why));
        // With no valid record the name decides which rules the diagnostics follow.
        Assert.Equal((ContractKind.Labels, KindSource.FileName), (result.Files[2].Kind!.Value, result.Files[2].KindSource));
    }

    [Fact]
    public void Warns_about_exchanges_from_accounts_not_in_the_registry()
    {
        var exchanges = ContractSamples.Exchanges(40, seed: 3); // accounts acct_0000..acct_0031 (hex)
        var known = exchanges.Select(e => Convert.ToInt32(e.AccountId[5..], 16)).Distinct().Order().ToList();
        var missing = known.Take(2).ToList();
        var result = Validate(ExchangesFile("e.jsonl", exchanges), AccountsFile("a.jsonl", known.Skip(2)));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(CrossFileCheck.ExchangeAccountUnknown, warning.Code);
        var missingIds = missing.Select(i => $"acct_{i:x4}").ToList();
        Assert.Equal(exchanges.Count(e => missingIds.Contains(e.AccountId)), warning.Count);
        Assert.Equal(missingIds, warning.Examples);
        Assert.Equal(ValidationOutcome.Clean, result.Outcome); // a warning, not a bad record
    }

    [Fact]
    public void Warns_about_duplicates_and_labels_outside_the_registry()
    {
        var result = Validate(AccountsFile("a.jsonl", [1, 2, 2]), LabelsFile("l.jsonl", [1, 1, 3]));
        Assert.Equal(
            [(CrossFileCheck.DuplicateAccount, 1L), (CrossFileCheck.DuplicateLabel, 1L), (CrossFileCheck.LabelAccountUnknown, 1L)],
            result.Warnings.Select(w => (w.Code, w.Count)));
    }

    [Fact]
    public void No_cross_file_warning_without_the_file_to_compare_with()
    {
        Assert.Empty(Validate(ExchangesFile("e.jsonl", ContractSamples.Exchanges(10, seed: 4))).Warnings);
    }

    [Fact]
    public void Json_output_has_the_documented_shape()
    {
        var result = Validate(ExchangesFile("e.jsonl", ContractSamples.Exchanges(3, seed: 5), "{\n[1]\n"), AccountsFile("a.jsonl", [0]));
        var output = new MemoryStream();
        ValidationRendering.WriteJson(output, result);
        using var doc = JsonDocument.Parse(output.ToArray());
        var root = doc.RootElement;
        Assert.Equal("bad_records", root.GetProperty("outcome").GetString());
        var file = root.GetProperty("files")[0];
        Assert.Equal("exchanges", file.GetProperty("kind").GetString());
        Assert.Equal("sniffed", file.GetProperty("kind_source").GetString());
        Assert.True(file.GetProperty("readable").GetBoolean());
        Assert.Equal(3, file.GetProperty("valid").GetInt64());
        Assert.Equal(2, file.GetProperty("bad").GetInt64());
        Assert.Equal(1, file.GetProperty("problems").GetProperty("malformed_json").GetInt64());
        Assert.Equal(1, file.GetProperty("problems").GetProperty("not_an_object").GetInt64());
        var diagnostics = file.GetProperty("diagnostics");
        Assert.Equal([4L, 5L], diagnostics.EnumerateArray().Select(d => d.GetProperty("line").GetInt64()));
        Assert.Equal("not_an_object", diagnostics[1].GetProperty("problem").GetString());
        var warning = root.GetProperty("warnings")[0];
        Assert.Equal(CrossFileCheck.ExchangeAccountUnknown, warning.GetProperty("code").GetString());
        Assert.True(warning.GetProperty("count").GetInt64() > 0);
    }

    [Fact]
    public void Text_output_names_line_numbers_and_reasons()
    {
        var path = ExchangesFile("e.jsonl", ContractSamples.Exchanges(3, seed: 6), "[1]\n");
        var result = new ContractValidator(new ValidationOptions()).Validate([path]);
        var text = new StringWriter();
        ValidationRendering.WriteFileText(text, result.Files[0]);
        ValidationRendering.WriteSummaryText(text, result);
        Assert.Equal($"""
            {path}: exchanges, 3 valid, 1 bad (not_an_object 1)
              line 4: not_an_object: line is not a JSON object
            bad records: 1 of 1 file(s) have bad lines (they are skipped when read)

            """.ReplaceLineEndings(Environment.NewLine), text.ToString());
    }

    [Fact]
    public void Counts_beyond_the_shown_diagnostics_are_still_reported()
    {
        var path = ExchangesFile("e.jsonl", ContractSamples.Exchanges(2, seed: 7), string.Concat(Enumerable.Repeat("{\n", 30)));
        var result = new ContractValidator(new ValidationOptions { KeepDiagnostics = 3 }).Validate([path]);
        var text = new StringWriter();
        ValidationRendering.WriteFileText(text, result.Files[0]);
        Assert.Contains("30 bad", text.ToString());
        Assert.Contains("... and 27 more bad lines", text.ToString());
    }

    [Fact]
    public void Reports_progress_every_100_000_lines()
    {
        var line = "{\"account_id\":\"a\",\"label\":\"organic\"}\n";
        var path = _dir.File("labels.jsonl", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(line, 200_001))));
        var seen = new List<(string, long)>();
        var result = new ContractValidator(new ValidationOptions { OnProgress = (p, n) => seen.Add((p, n)) }).Validate([path]);
        Assert.Equal([(path, 100_000L), (path, 200_000L)], seen);
        Assert.Equal(200_001, result.Files[0].Report.Records);
    }
}
