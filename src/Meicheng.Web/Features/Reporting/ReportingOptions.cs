namespace Meicheng.Web.Features.Reporting;

/// <summary>The "Reporting" configuration section (see docs/reporting.md).</summary>
public sealed class ReportingOptions
{
    /// <summary>Where evidence files are kept; outside wwwroot. Default: App_Data/evidence under the content root.</summary>
    public string? EvidenceDirectory { get; set; }
    public long EvidenceMaxBytes { get; set; } = 10 * 1024 * 1024;
    public long WorkbookMaxBytes { get; set; } = 2 * 1024 * 1024;
    /// <summary>What an uploaded workbook may hold once unzipped (rows, columns, shared strings, decompressed bytes).</summary>
    public XlsxLimits WorkbookLimits { get; set; } = new();
    /// <summary>Days after a period's end when its reports fall due, unless the admin says otherwise.</summary>
    public int DueDays { get; set; } = 15;
    /// <summary>Reminders are POSTed here as JSON when set.</summary>
    public string? ReminderWebhookUrl { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool UseSsl { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "meicheng@localhost";
}
