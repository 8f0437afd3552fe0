using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Evaluation;
using static Meicheng.Web.Tests.Evaluation.EvaluationWorld;

namespace Meicheng.Web.Tests.Showcase;

/// <summary>
/// The served HTML of the public pages through html-validate (npm, restored by this project's build) with its recommended
/// rules; the exceptions are in .htmlvalidate.json, each justified in docs/showcase.md.
/// </summary>
public sealed class HtmlValidityTests
{
    private static string ProjectDirectory()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "Meicheng.Web.Tests");
            if (File.Exists(Path.Combine(candidate, ".htmlvalidate.json")))
                return candidate;
        }
        throw new InvalidOperationException("tests/Meicheng.Web.Tests not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task The_public_pages_are_valid_html()
    {
        await using var w = await CreateAsync(DatabaseProvider.Sqlite);
        await w.ReportAsync(Enterprises, 2024, 40);
        await w.ReportAsync(Enterprises, 2026, 50);
        var round = await w.FreezeAsync(RoundKinds.Annual, 2026);
        (await w.Admin.PostAsync($"/api/evaluation/rounds/{round.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        string[] pages =
        [
            "/showcase", "/en/showcase", $"/showcase/targets/{Enterprises}", $"/en/showcase/targets/{Enterprises}", "/showcase/methods",
            "/en/showcase/methods", $"/showcase/areas/{BeautifulCity}/1", "/", "/plans", $"/plans/{BeautifulCity}", $"/plans/{BeautifulCity}/tasks/9",
            $"/targets/{Enterprises}", "/indicators", "/environment",
        ];
        var anonymous = w.App.CreateClient();
        var folder = Directory.CreateDirectory(Path.Combine(w.App.Scratch, "html")).FullName;
        var files = new Dictionary<string, string>();
        foreach (var url in pages)
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var file = Path.Combine(folder, $"page-{files.Count:00}.html");
            await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync(Ct), Ct);
            files[file] = url;
        }

        var project = ProjectDirectory();
        // The report goes to a file: node exits before a large report piped to stdout is flushed.
        var report = Path.Combine(folder, "report.json");
        var start = new ProcessStartInfo("node", [Path.Combine(project, "node_modules", "html-validate", "bin", "html-validate.mjs"),
            "--config", Path.Combine(project, ".htmlvalidate.json"), "--formatter", $"json={report}", .. files.Keys])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project,
        };
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode is 0 or 1, $"html-validate failed to run ({process.ExitCode}): {error}");
        var output = File.Exists(report) ? await File.ReadAllTextAsync(report, Ct) : "";

        var problems = new List<string>();
        if (output.Trim().Length > 0)
        {
            foreach (var result in JsonDocument.Parse(output).RootElement.EnumerateArray())
            {
                var url = files[result.GetProperty("filePath").GetString()!];
                foreach (var m in result.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("severity").GetInt32() == 2))
                    problems.Add($"{url}:{m.GetProperty("line")}:{m.GetProperty("column")} {m.GetProperty("ruleId").GetString()}: {m.GetProperty("message").GetString()}");
            }
        }
        Assert.True(problems.Count == 0, $"{problems.Count} html-validate errors:\n" + string.Join("\n", problems.Take(80)));
        Assert.Equal(0, process.ExitCode);
    }
}
