using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Meicheng.Core.Environment.Air;
using Meicheng.Core.Environment.Ingestion;
using Meicheng.Web.Features.Environment;

namespace Meicheng.Web.Tests.Environment;

/// <summary>The real Beijing PRSA files beside the repository, uploads and waiting for imports.</summary>
internal static class EnvironmentTestData
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Root { get; } = FindRoot();

    /// <summary>../shared/data/beijing-prsa beside the repository.</summary>
    public static string PrsaDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "beijing-prsa"));

    public static string Prsa(string station) => Path.Combine(PrsaDirectory, $"PRSA_Data_{station}_20130301-20170228.csv");

    public static IReadOnlyList<string> AllPrsa => Directory.GetFiles(PrsaDirectory, "PRSA_Data_*.csv").Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Meicheng.slnx")))
                return d.FullName;
        }
        throw new InvalidOperationException("Meicheng.slnx not found above " + AppContext.BaseDirectory);
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string fileName, byte[] content, string format, string? mode = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        form.Add(new StringContent(format), "format");
        if (mode is not null)
            form.Add(new StringContent(mode), "mode");
        return await client.PostAsync("/api/environment/air/imports", form, Ct);
    }

    /// <summary>Uploads a file and waits until its import has finished; returns the upload's answer and the final state.</summary>
    public static async Task<(HttpStatusCode Status, AirImportDto Import)> ImportAsync(HttpClient admin, string fileName, byte[] content, string format, string? mode = null)
    {
        var response = await UploadAsync(admin, fileName, content, format, mode);
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        var import = (await response.Content.ReadFromJsonAsync<AirImportDto>(Ct))!;
        return (response.StatusCode, await WaitAsync(admin, import.Id));
    }

    public static async Task<AirImportDto> WaitAsync(HttpClient admin, int id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var import = (await admin.GetFromJsonAsync<AirImportDto>($"/api/environment/air/imports/{id}", Ct))!;
            if (import.Status is not (ImportStatus.Queued or ImportStatus.Running))
                return import;
            Assert.True(DateTime.UtcNow < deadline, $"import {id} still {import.Status} {import.Percent} {import.Phase} {import.RowsRead}");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>The Core's own reading of files, to compare the database's results with.</summary>
    public static (AirDataset Data, IngestionReport Report) ReadWithCore(AirCsvFormat format, params (string Name, byte[] Content)[] files)
    {
        var builder = new AirDatasetBuilder(HourLabelConvention.PeriodEnd);
        var report = new IngestionReport();
        foreach (var (name, content) in files)
        {
            using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8);
            AirCsvReader.Read(format, reader, name, builder, report);
        }
        return (builder.Build(), report);
    }

    /// <summary>
    /// A deterministic year of hourly data in the generic format for the given station names (test input, not a
    /// measurement): smooth daily and seasonal cycles, a missing hour now and then.
    /// </summary>
    public static byte[] GenericYear(int year, params string[] stations) => GenericYear(year, 0, stations);

    public static byte[] GenericYear(int year, int pm25Shift, params string[] stations)
    {
        var sb = new StringBuilder("station,time,pm25,pm10,so2,no2,co,o3\n");
        for (var t = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); t.Year == year; t = t.AddHours(1))
        {
            for (var s = 0; s < stations.Length; s++)
            {
                var season = (t.DayOfYear % 97) / 3;
                var pm25 = (t.DayOfYear * 7 + t.Hour * 3 + s * 5) % 41 + 8 + season / 4 + pm25Shift;
                var missing = (t.DayOfYear + t.Hour + s) % 53 == 0;
                sb.Append(CultureInfo.InvariantCulture,
                    $"{stations[s]},{t:yyyy-MM-dd HH:mm},{(missing ? "NA" : pm25.ToString(CultureInfo.InvariantCulture))},{pm25 + 20 + t.Hour % 7},{4 + s + t.Hour % 3},{18 + t.Hour % 11},0.{4 + t.Hour % 5},{50 + (t.Hour * 9 + season) % 90}\n");
            }
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
