using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Moat.Reports.Page;

namespace Moat.Reports.Tests;

public sealed class ScriptSafeJsonTests
{
    private static string Escape(string value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        using var output = new MemoryStream();
        ScriptSafeJson.Write(json, output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("</script><script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<!--<script>")]
    [InlineData("a & b \u2028 c \u2029 d")]
    [InlineData("back\\slash before <tag> and \"quotes\"")]
    [InlineData("数学 🧮 é")]
    public void Output_has_no_character_that_can_end_a_script_element_and_parses_back_to_the_same_text(string text)
    {
        var escaped = Escape(text);

        Assert.DoesNotContain("<", escaped);
        Assert.DoesNotContain(">", escaped);
        Assert.DoesNotContain("&", escaped);
        Assert.DoesNotContain("\u2028", escaped);
        Assert.DoesNotContain("\u2029", escaped);
        Assert.Equal(text, JsonSerializer.Deserialize<string>(escaped));
    }

    [Fact]
    public void Non_ascii_text_stays_readable_instead_of_being_escaped()
    {
        Assert.Contains("数学の問題 é", Escape("数学の問題 é"));
    }
}
