using Kaizen.Domain;

namespace Kaizen.Web.Data.Demo;

// The fixed text of the demonstration programme: the five trusts of the NHS–Virginia Mason partnership, the kinds of
// value stream they chose, what their workshops were about and how they measured them. Every person named here is
// fictional. DemoPlan turns this into dated workshops and numbers.

internal sealed record Topic(string Title, string FirstStep, string LastStep, string Problem);

// Low and High bound the baseline: in the entered unit (process time), a count over Den days (error count), or a
// rate 0..1 with about Den opportunities (error rate).
internal sealed record MeasureTemplate(MeasureKind Kind, string Name, string Definition, TimeUnit Unit, double Low, double High, double Den);

internal sealed record StreamType(string Name, string Description, string SponsorRole, string OwnerTitle, Topic[] Topics, MeasureTemplate[] Measures);

internal sealed record FieldChange(string Field, object? Before, object? After);

internal sealed record StreamRevision(DateOnly At, string Reason, FieldChange[] Changes);

internal sealed record StreamDef(string Type, double? TargetProcessTime, double? TargetErrorCount, double? TargetErrorRate,
    string? Name = null, StreamRevision[]? Revisions = null);

// Regular: workshops spread over the partnership outside the first COVID-19 wave. The fixed dates are the workshops
// stood down for COVID-19, stood down for regulatory compliance, and still planned at the end of 2021.
internal sealed record TrustDef(string Code, string Name, string ChosenBy, string Lead, string[] Facilitators, int Regular,
    DateOnly[] CovidStoodDown, DateOnly[] RegulatoryStoodDown, DateOnly Planned, StreamDef[] Streams)
{
    public int Workshops => Regular + CovidStoodDown.Length + RegulatoryStoodDown.Length + 1;
}

internal static class DemoCatalogue
{
    public static readonly DateOnly Joined = new(2016, 2, 1);

    public const string CovidReason =
        "Stood down: COVID-19 first wave. Planned improvement activity was paused nationally and the team was redeployed to the pandemic response.";

    public const string RegulatoryReason =
        "Stood down: after a CQC inspection the trust paused improvement workshops to concentrate on its compliance action plan.";

    public static readonly string[] CancelReasons =
    [
        "Cancelled: the process owner went on long-term leave two weeks before the start; to be planned again.",
        "Cancelled: winter pressures put the hospital on its highest escalation level and the team could not be released.",
        "Cancelled: the scope overlapped a national programme starting the same month, so the work was merged into it.",
        "Cancelled: not enough front-line staff could be released from the rota for the week.",
        "Cancelled: the new electronic patient record went live that week and the process was changing anyway.",
    ];

    static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static readonly TrustDef[] Trusts =
    [
        new("SASH", "Surrey and Sussex Healthcare NHS Trust", "top_down", "Helen Marsh", ["Helen Marsh", "Owen Pryce"],
            Regular: 25, CovidStoodDown: [D(2020, 3, 23), D(2020, 5, 11)], RegulatoryStoodDown: [], Planned: D(2021, 12, 6),
            Streams:
            [
                // The value stream revised twice: its scope moved to the assessment unit, then its targets were raised.
                new("ed", 0.4, 0.5, null, Revisions:
                [
                    new(D(2017, 9, 14),
                        "Most medical admissions now go to the acute medical unit first, so the value stream ended at the wrong door.",
                        [
                            new("name", "Emergency department to ward", "Emergency department to assessment unit or ward"),
                            new("description",
                                "From the decision to admit in the emergency department to the patient settled on the ward that will care for them.",
                                "From the decision to admit in the emergency department to the patient settled on the acute medical unit or the ward that will care for them."),
                        ]),
                    new(D(2019, 4, 8),
                        "Four workshops had halved the wait after the decision to admit; the board raised the process-time target and added one for missed early warning scores.",
                        [
                            new("target_process_time", 0.4, 0.5),
                            new("target_error_rate", null, 0.5),
                        ]),
                ]),
                new("referral", 0.5, null, 0.5),
                new("discharge", 0.5, 0.5, 0.5),
                new("theatres", 0.4, 0.5, null),
                new("sepsis", 0.5, null, 0.6),
                new("medrec", null, 0.5, 0.5),
                new("pathology", 0.4, 0.6, 0.5),
            ]),
        new("LTHT", "The Leeds Teaching Hospitals NHS Trust", "top_down", "Rob Akhtar", ["Rob Akhtar", "Siobhan Kerr", "Dev Mistry"],
            Regular: 27, CovidStoodDown: [D(2020, 3, 30), D(2020, 4, 27)], RegulatoryStoodDown: [], Planned: D(2021, 11, 29),
            Streams:
            [
                new("ed", 0.5, null, 0.5),
                new("cancer", 0.4, 0.5, 0.5),
                new("theatres", 0.5, 0.5, 0.4),
                new("discharge", 0.5, null, null),
                new("radiology", 0.5, 0.5, 0.5),
                new("letters", 0.6, null, 0.5),
                new("stroke", 0.35, 0.5, 0.5),
            ]),
        new("UHCW", "University Hospitals Coventry and Warwickshire NHS Trust", "top_down", "Claire Dunmore", ["Claire Dunmore", "Marcus Leigh"],
            Regular: 24, CovidStoodDown: [D(2020, 4, 20)], RegulatoryStoodDown: [], Planned: D(2021, 12, 13),
            Streams:
            [
                new("referral", 0.5, 0.5, null),
                new("sepsis", 0.5, 0.5, 0.5),
                new("frailty", 0.4, 0.5, 0.5),
                new("maternity", 0.5, null, 0.5),
                new("pathology", 0.5, 0.5, null),
                new("medrec", 0.4, 0.5, 0.5),
                new("recruitment", 0.5, null, 0.5),
            ]),
        // The two trusts that chose their value streams bottom-up, and stood improvement down for compliance.
        new("SATH", "The Shrewsbury and Telford Hospital NHS Trust", "bottom_up", "Gareth Lewis", ["Gareth Lewis", "Nia Vaughan"],
            Regular: 13, CovidStoodDown: [D(2020, 3, 16)], RegulatoryStoodDown: [D(2018, 6, 11), D(2018, 9, 10)], Planned: D(2021, 11, 22),
            Streams:
            [
                new("discharge", 0.5, null, 0.5),
                new("ed", null, 0.5, 0.4),
                new("hipfracture", 0.35, null, 0.5),
                new("endoscopy", 0.5, 0.5, null),
                new("letters", 0.5, null, 0.5, Revisions:
                [
                    new(D(2018, 5, 21),
                        "Improvement activity stood down to work through the CQC compliance actions; to resume when the warning notice is lifted.",
                        [new("status", "active", "paused")]),
                ]),
                new("handover", null, 0.5, 0.5),
                new("transport", 0.4, 0.5, null),
            ]),
        new("BHRUT", "Barking, Havering and Redbridge University Hospitals NHS Trust", "bottom_up", "Priya Raman", ["Priya Raman", "Tunde Adeyemi"],
            Regular: 16, CovidStoodDown: [D(2020, 5, 4)], RegulatoryStoodDown: [D(2019, 2, 4)], Planned: D(2021, 12, 6),
            Streams:
            [
                new("ed", 0.5, 0.5, 0.5),
                new("referral", 0.4, null, 0.5),
                new("cancer", 0.5, null, 0.5),
                new("radiology", null, 0.5, 0.5),
                new("maternity", 0.4, 0.5, 0.5),
                new("recruitment", 0.5, 0.5, null, Revisions:
                [
                    new(D(2019, 6, 3),
                        "Recruitment moved into the trust's workforce programme; the value stream is closed so that its workshops stay on record.",
                        [new("status", "active", "retired")]),
                ]),
                new("handover", 0.4, 0.5, 0.5, Revisions:
                [
                    new(D(2020, 3, 23),
                        "COVID-19: ward teams were redeployed and nursing handover work is paused until wards return to their usual specialties.",
                        [new("status", "active", "paused")]),
                ]),
            ]),
    ];

    static Topic T(string title, string first, string last, string problem) => new(title, first, last, problem);

    static MeasureTemplate Time(string name, string definition, TimeUnit unit, double low, double high) =>
        new(MeasureKind.ProcessTime, name, definition, unit, low, high, 0);

    static MeasureTemplate Count(string name, string definition, double windowDays, double low, double high) =>
        new(MeasureKind.ErrorCount, name, definition, TimeUnit.Minutes, low, high, windowDays);

    static MeasureTemplate Rate(string name, string definition, double opportunities, double low, double high) =>
        new(MeasureKind.ErrorRate, name, definition, TimeUnit.Minutes, low, high, opportunities);

    public static readonly IReadOnlyDictionary<string, StreamType> Types = new Dictionary<string, StreamType>
    {
        ["ed"] = new("Emergency department to ward",
            "From the decision to admit in the emergency department to the patient settled on the ward that will care for them.",
            "Chief Operating Officer", "Clinical Director for Emergency Medicine",
            [
                T("Decision to admit to bed allocated", "Decision to admit", "Bed allocated",
                    "After the decision to admit, patients wait hours in the department while the site team phones ward by ward to find a bed."),
                T("Ambulance handover", "Ambulance arrives", "Handover to the emergency department nurse complete",
                    "Crews queue in the corridor to hand over; patients are assessed twice and information is lost between crew and department."),
                T("Arrival to first clinical assessment", "Booked in at reception", "Seen by a clinician",
                    "Patients who walk in wait for a first assessment with nobody watching for deterioration."),
                T("Specialty review in the emergency department", "Emergency clinician asks for a specialty opinion", "Specialty decision made",
                    "Referrals are made by bleep and repeated; specialty doctors arrive without the information they need."),
            ],
            [
                Time("Decision to admit to leaving the department", "Time from the decision to admit being recorded to the patient leaving the emergency department, every admitted patient in the sample week.", TimeUnit.Hours, 3, 7),
                Time("Ambulance arrival to handover", "Time from the ambulance arriving to the handover being signed by the receiving nurse.", TimeUnit.Minutes, 25, 70),
                Count("Handovers missing information", "Handovers audited as missing an item of the agreed handover set.", 28, 20, 60),
                Rate("Early warning score not recorded at triage", "Patients triaged without a NEWS2 score recorded ÷ patients triaged.", 400, 0.10, 0.30),
                Rate("Patients moved ward more than once", "Admitted patients who moved ward two or more times ÷ admitted patients.", 250, 0.08, 0.20),
            ]),
        ["referral"] = new("Outpatient referral to first appointment",
            "From a GP referral arriving at the trust to the patient's first outpatient appointment.",
            "Chief Operating Officer", "Head of Outpatients",
            [
                T("Referral triage", "Referral received", "Referral triaged by a consultant",
                    "Referrals sit in paper and electronic queues for up to two weeks before a consultant triages them."),
                T("Booking the first appointment", "Referral triaged", "Appointment booked and letter sent",
                    "Booking staff re-key referrals into three systems, and patients are booked without being asked which date suits them."),
                T("Clinic preparation", "Clinic list printed", "Notes and results ready for the clinician",
                    "One clinic in five starts with notes or results missing, so patients are seen without them or booked again."),
                T("Patients who do not attend", "Appointment booked", "Patient attends",
                    "One new patient in ten does not attend, often because the letter arrived late or went to an old address."),
            ],
            [
                Time("Referral received to triaged", "Calendar days from the referral arriving to a consultant's triage decision.", TimeUnit.Days, 4, 12),
                Time("Triage to appointment booked", "Hours from the triage decision to the appointment being booked.", TimeUnit.Hours, 20, 60),
                Count("Clinics starting with notes missing", "Clinics where at least one patient's notes or results were missing at the start.", 28, 12, 40),
                Rate("New patients who did not attend", "New patients who did not attend ÷ new appointments booked.", 600, 0.07, 0.14),
                Rate("Referrals returned to the GP", "Referrals sent back for missing information ÷ referrals received.", 800, 0.05, 0.12),
            ]),
        ["discharge"] = new("Discharge",
            "From the patient being medically fit to leave to the patient leaving the ward, with medicines, transport and care in place.",
            "Chief Nurse", "Matron for Acute Medicine",
            [
                T("Discharge before midday", "Consultant confirms medically fit", "Patient leaves the ward",
                    "Most discharges happen after 4pm, so morning admissions wait for beds taken by patients who are ready to go home."),
                T("Medicines to take home", "Prescription for discharge written", "Medicines on the ward",
                    "Patients wait half a day for their take-home medicines; prescriptions are written late and queue in pharmacy."),
                T("Discharge summary to the GP", "Patient leaves hospital", "Summary received by the GP",
                    "GPs receive discharge summaries days late, and some never arrive."),
                T("Discharge lounge", "Patient ready to leave the ward", "Patient collected from the lounge",
                    "The discharge lounge sits half empty while ready patients wait on wards for transport and medicines."),
            ],
            [
                Time("Medically fit to leaving the ward", "Hours from the consultant confirming medically fit for discharge to the patient leaving the ward.", TimeUnit.Hours, 8, 30),
                Time("Prescription written to medicines on the ward", "Minutes from the discharge prescription being written to the medicines arriving on the ward.", TimeUnit.Minutes, 150, 360),
                Count("Discharges after 8pm", "Patients discharged home between 8pm and 8am.", 28, 15, 45),
                Rate("Discharge summaries not sent within 24 hours", "Discharge summaries sent to the GP more than 24 hours after discharge ÷ discharges.", 600, 0.20, 0.45),
                Rate("Discharges before midday missed", "Patients medically fit the evening before but discharged after midday ÷ such patients.", 300, 0.55, 0.80),
            ]),
        ["theatres"] = new("Theatres scheduling",
            "From the decision to operate to the patient's operation: list planning, pre-operative assessment and the day of surgery.",
            "Medical Director", "Clinical Director for Theatres and Anaesthesia",
            [
                T("First patient in theatre on time", "Theatre team brief", "Knife to skin for the first patient",
                    "Lists start 40 minutes late on average because the first patient is not ready."),
                T("Pre-operative assessment", "Decision to operate", "Patient passed fit for surgery",
                    "Patients are cancelled on the day because pre-operative tests were not done or not seen."),
                T("Theatre list planning", "Waiting list reviewed", "List finalised and published",
                    "Lists are finalised the day before, so gaps cannot be filled and patients are called at short notice."),
                T("Turnaround between cases", "Patient leaves theatre", "Next patient enters theatre",
                    "Theatres stand empty between cases while the next patient is fetched and the kit is found."),
            ],
            [
                Time("Scheduled start to knife to skin", "Minutes from the scheduled list start to knife to skin for the first patient.", TimeUnit.Minutes, 30, 75),
                Time("Turnaround between cases", "Minutes from one patient leaving theatre to the next entering.", TimeUnit.Minutes, 20, 45),
                Count("Operations cancelled on the day for non-clinical reasons", "Operations cancelled on the day of surgery for a reason other than the patient's condition.", 28, 10, 40),
                Rate("Lists finishing more than 30 minutes late", "Lists overrunning by more than 30 minutes ÷ lists run.", 120, 0.20, 0.45),
                Rate("Patients arriving without completed pre-operative checks", "Patients arriving with an incomplete checklist ÷ patients operated on.", 300, 0.10, 0.25),
            ]),
        ["sepsis"] = new("Sepsis pathway",
            "From a patient triggering a sepsis screen to the first dose of intravenous antibiotics and the rest of the sepsis six.",
            "Medical Director", "Sepsis Lead Consultant",
            [
                T("Screening to antibiotics in the emergency department", "Sepsis screen positive", "First dose of intravenous antibiotics",
                    "Only half of patients with red-flag sepsis receive antibiotics within the hour."),
                T("Sepsis on the wards", "Early warning score triggers", "Sepsis six complete",
                    "On the wards a triggering score waits for a doctor who is covering four wards, and the sepsis six is done piecemeal."),
                T("Blood cultures before antibiotics", "Decision to treat", "Blood cultures taken",
                    "Antibiotics are often given before blood cultures, so the infection is never identified."),
                T("Sepsis grab bag", "Sepsis suspected", "All equipment at the bedside",
                    "Nurses visit four rooms to gather what the sepsis six needs."),
            ],
            [
                Time("Positive screen to first antibiotic dose", "Minutes from a positive sepsis screen to the first dose of intravenous antibiotics.", TimeUnit.Minutes, 70, 150),
                Time("Trigger to review by a doctor", "Minutes from an early warning score trigger to a doctor's review.", TimeUnit.Minutes, 35, 90),
                Count("Antibiotic doses given late", "First doses given more than an hour after a positive screen.", 28, 12, 40),
                Rate("Red-flag sepsis without antibiotics within one hour", "Red-flag sepsis patients not given antibiotics within an hour ÷ red-flag sepsis patients.", 150, 0.30, 0.55),
                Rate("Blood cultures not taken before antibiotics", "Patients given antibiotics before blood cultures ÷ patients treated for sepsis.", 150, 0.15, 0.35),
            ]),
        ["medrec"] = new("Medicines reconciliation",
            "From admission to a pharmacist-checked list of the medicines the patient was taking at home, and every dose given on time after it.",
            "Chief Nurse", "Chief Pharmacist",
            [
                T("Medicines reconciliation within 24 hours", "Patient admitted", "Medicines reconciled by pharmacy",
                    "Fewer than half of admitted patients have their medicines reconciled within 24 hours; omitted doses follow."),
                T("Omitted doses of critical medicines", "Dose due", "Dose given",
                    "Critical medicines such as insulin and Parkinson's medicines are omitted or delayed on the wards."),
                T("The morning drug round", "Drug round starts", "Drug round complete",
                    "Morning drug rounds take over two hours and are interrupted every few minutes."),
                T("Patients' own medicines", "Patient arrives with own medicines", "Medicines checked and in the bedside locker",
                    "Patients' own medicines go home with relatives or into a bag nobody opens, and the ward orders them again."),
            ],
            [
                Time("Admission to medicines reconciled", "Hours from admission to a pharmacist completing medicines reconciliation.", TimeUnit.Hours, 18, 40),
                Time("Morning drug round duration", "Minutes from the start to the end of the morning drug round on one ward.", TimeUnit.Minutes, 100, 160),
                Count("Omitted doses of critical medicines", "Doses of medicines on the critical list omitted or given more than two hours late.", 14, 20, 70),
                Rate("Prescriptions with a reconciliation discrepancy", "Prescriptions differing unintentionally from the medicines taken at home ÷ prescriptions checked.", 500, 0.10, 0.30),
                Rate("Doses given with an interruption", "Doses during which the nurse was interrupted ÷ doses observed.", 400, 0.20, 0.45),
            ]),
        ["pathology"] = new("Pathology results to clinician",
            "From a sample being taken to the result being seen and acted on by the clinician who asked for it.",
            "Medical Director", "Clinical Director for Pathology",
            [
                T("Sample to laboratory", "Sample taken on the ward", "Sample received in the laboratory",
                    "Samples wait in ward fridges and porters' bags; urgent samples take as long as routine ones."),
                T("Sample rejection", "Sample labelled", "Sample accepted by the laboratory",
                    "One sample in twenty is rejected for labelling errors and the patient is bled again."),
                T("Critical results to the ward", "Critical result validated", "Clinician acknowledges the result",
                    "Critical results are phoned to wards where nobody who can act on them answers."),
                T("Acknowledging outpatient results", "Result available", "Result acknowledged by the requester",
                    "Outpatient results sit unacknowledged for weeks in the requesting consultant's inbox."),
            ],
            [
                Time("Sample taken to result available", "Minutes from the sample being taken to the validated result being available.", TimeUnit.Minutes, 120, 300),
                Time("Critical result to clinician acknowledgement", "Minutes from a critical result being validated to a clinician acknowledging it.", TimeUnit.Minutes, 40, 120),
                Count("Samples rejected for labelling errors", "Samples rejected by the laboratory because of a labelling error.", 28, 40, 120),
                Rate("Samples rejected", "Samples rejected ÷ samples received from the pilot wards.", 2000, 0.02, 0.06),
                Rate("Results not acknowledged within 7 days", "Results unacknowledged after 7 days ÷ results issued.", 800, 0.15, 0.35),
            ]),
        ["cancer"] = new("Suspected cancer referral to diagnosis",
            "From an urgent suspected-cancer referral to the patient being told their diagnosis.",
            "Medical Director", "Lead Cancer Clinician",
            [
                T("Two-week-wait booking", "Urgent referral received", "First appointment booked",
                    "Urgent referrals are booked by hand from a shared inbox, and some wait days before anyone opens them."),
                T("Straight to test", "Referral triaged", "Diagnostic test done",
                    "Patients see a consultant only to be sent for the test they could have had first."),
                T("Preparing for the multidisciplinary team meeting", "Patient listed for the meeting", "Treatment decision recorded",
                    "Cases are listed without results or imaging and are deferred to the next week's meeting."),
                T("Telling patients their results", "Diagnosis confirmed", "Patient told in person",
                    "Patients wait for a clinic slot to be told a result that has been known for a week."),
            ],
            [
                Time("Referral received to first appointment booked", "Hours from an urgent referral arriving to the first appointment being booked.", TimeUnit.Hours, 24, 90),
                Time("Diagnostic test to report", "Calendar days from the diagnostic test to its verified report.", TimeUnit.Days, 3, 8),
                Count("Cases listed for the meeting without complete information", "Cases listed for the multidisciplinary team meeting without the results or imaging needed.", 28, 8, 30),
                Rate("Patients not seen within two weeks", "Urgent referrals not seen within 14 days ÷ urgent referrals.", 400, 0.08, 0.20),
                Rate("Cases deferred to the next meeting", "Cases deferred ÷ cases listed.", 200, 0.10, 0.25),
            ]),
        ["radiology"] = new("Imaging request to report",
            "From an imaging request being made to the report reaching the clinician who asked for it.",
            "Chief Operating Officer", "Clinical Director for Radiology",
            [
                T("Inpatient CT request to scan", "CT requested", "Scan done",
                    "Inpatients wait a day for a CT scan, and some stay an extra night for it."),
                T("Vetting imaging requests", "Request received", "Request vetted and protocolled",
                    "Requests queue for a radiologist to vet them, and one in ten comes back for more information."),
                T("Reporting backlog", "Scan done", "Report verified",
                    "Scans wait days for a report while radiologists are pulled between lists."),
                T("Portering to the scanner", "Porter requested", "Patient in the scanner room",
                    "Scanner slots are lost because the patient is not ready when the porter arrives."),
            ],
            [
                Time("Inpatient CT request to scan", "Hours from an inpatient CT request to the scan being done.", TimeUnit.Hours, 6, 20),
                Time("Scan to verified report", "Hours from the scan to the verified report.", TimeUnit.Hours, 10, 36),
                Count("Scans cancelled because the patient was not ready", "Inpatient scans cancelled because the patient was not ready or not there.", 28, 15, 50),
                Rate("Requests returned for missing clinical information", "Requests returned to the requester ÷ requests received.", 900, 0.06, 0.15),
                Rate("Inpatients not ready when the porter arrives", "Porter journeys where the patient was not ready ÷ journeys.", 300, 0.15, 0.35),
            ]),
        ["letters"] = new("Outpatient clinic letters",
            "From the end of an outpatient consultation to the clinic letter reaching the patient and their GP.",
            "Chief Operating Officer", "Outpatient Administration Manager",
            [
                T("Dictation to typed letter", "Consultation ends", "Letter typed",
                    "Dictations queue for a week in the typing pool while GPs chase the plan by phone."),
                T("Letter sign-off", "Letter typed", "Letter approved by the clinician",
                    "Typed letters wait in clinicians' trays for sign-off, and many need correcting."),
                T("Sending letters electronically", "Letter approved", "Letter received by the GP",
                    "Letters are printed, posted and scanned again at the practice."),
                T("Copying letters to patients", "Letter approved", "Patient receives a copy",
                    "Patients are not sent a copy of the letter about them, or receive it weeks later."),
            ],
            [
                Time("End of clinic to letter sent", "Calendar days from the end of the clinic to the letter being sent.", TimeUnit.Days, 4, 12),
                Time("Typing time per letter", "Minutes of typing per letter, including finding the notes.", TimeUnit.Minutes, 15, 30),
                Count("Letters sent to the wrong address", "Letters returned or reported as sent to a wrong address.", 28, 6, 20),
                Rate("Letters needing correction at sign-off", "Letters corrected by the clinician ÷ letters signed.", 600, 0.10, 0.25),
                Rate("Letters not sent within 7 days", "Letters sent more than 7 days after the clinic ÷ letters sent.", 600, 0.30, 0.60),
            ]),
        ["stroke"] = new("Stroke: front door to stroke unit",
            "From a patient with suspected stroke arriving to their admission to the hyper-acute stroke unit.",
            "Medical Director", "Stroke Consultant",
            [
                T("Door to needle for thrombolysis", "Patient arrives", "Thrombolysis given",
                    "Eligible patients wait over an hour for thrombolysis while the scan and the decision are made in sequence."),
                T("Door to brain imaging", "Patient arrives", "CT head done",
                    "Suspected strokes queue for CT behind other emergency scans."),
                T("Direct admission to the stroke unit", "Stroke confirmed", "Patient on the stroke unit",
                    "Confirmed strokes wait in the emergency department for a stroke bed that is occupied by a patient ready to leave."),
                T("Swallow screening", "Patient admitted", "Swallow screen done",
                    "Patients go without food, fluid or medicines until someone trained screens their swallow."),
            ],
            [
                Time("Arrival to thrombolysis", "Minutes from arrival to the thrombolysis bolus.", TimeUnit.Minutes, 50, 90),
                Time("Arrival to the stroke unit", "Hours from arrival to admission to the stroke unit.", TimeUnit.Hours, 4, 10),
                Count("Patients not swallow-screened within 4 hours", "Admitted stroke patients without a swallow screen 4 hours after arrival.", 28, 10, 30),
                Rate("Patients not on the stroke unit within 4 hours", "Stroke patients admitted to the unit more than 4 hours after arrival ÷ stroke admissions.", 80, 0.35, 0.60),
                Rate("Patients scanned more than an hour after arrival", "Suspected strokes scanned more than an hour after arrival ÷ suspected strokes.", 80, 0.20, 0.45),
            ]),
        ["frailty"] = new("Frailty: older people's assessment",
            "From an older person with frailty arriving at hospital to a comprehensive geriatric assessment and a plan to get them home.",
            "Chief Nurse", "Consultant Geriatrician",
            [
                T("Frailty screening at the front door", "Patient aged 75 or over arrives", "Frailty score recorded",
                    "Frail older people are not recognised at the front door and go down the standard pathway."),
                T("Same-day frailty assessment", "Frailty identified", "Comprehensive geriatric assessment complete",
                    "A frail patient waits a day and a half for a geriatric assessment, and loses mobility in bed meanwhile."),
                T("Falls on the ward", "Patient assessed as at risk of falling", "Falls plan in place",
                    "Falls risk assessments are done but the plans are not followed on the night shift."),
                T("Recognising delirium", "Patient admitted", "Delirium screen done",
                    "Delirium is found late, after the patient has fallen or been sedated."),
            ],
            [
                Time("Arrival to comprehensive geriatric assessment", "Hours from arrival to a completed comprehensive geriatric assessment.", TimeUnit.Hours, 12, 36),
                Time("Assessment to plan agreed with the family", "Hours from the assessment to a plan agreed with the patient and family.", TimeUnit.Hours, 8, 24),
                Count("Inpatient falls", "Falls reported on the pilot wards.", 28, 10, 30),
                Rate("Patients aged 75 and over not screened for frailty", "Patients aged 75+ without a frailty score ÷ patients aged 75+ admitted.", 500, 0.25, 0.50),
                Rate("Delirium not recognised within 24 hours", "Patients with delirium not screened within 24 hours ÷ patients with delirium.", 120, 0.30, 0.50),
            ]),
        ["maternity"] = new("Maternity: induction of labour",
            "From the decision to induce labour to induction starting on the delivery suite, and the care around it.",
            "Chief Nurse", "Head of Midwifery",
            [
                T("Booking inductions", "Decision to induce", "Induction date confirmed",
                    "Inductions are booked in a paper diary that nobody can see from the clinic."),
                T("Induction delays on the delivery suite", "Woman arrives for induction", "Induction started",
                    "Women wait on the ward for many hours, some overnight, for their induction to start."),
                T("Maternity triage", "Woman arrives at triage", "Assessed by a midwife",
                    "Women in early labour and women with warning signs wait in the same queue."),
                T("Postnatal discharge", "Mother and baby fit for discharge", "Mother and baby leave",
                    "Families wait most of a day for the newborn check and the discharge paperwork."),
            ],
            [
                Time("Planned induction time to induction started", "Hours from the booked induction time to induction starting.", TimeUnit.Hours, 5, 18),
                Time("Arrival at triage to midwife assessment", "Minutes from arrival at maternity triage to assessment by a midwife.", TimeUnit.Minutes, 30, 90),
                Count("Inductions delayed more than 24 hours", "Inductions started more than 24 hours after the booked time.", 28, 8, 25),
                Rate("Women not assessed within 15 minutes at triage", "Women assessed more than 15 minutes after arrival ÷ women arriving at triage.", 400, 0.20, 0.45),
                Rate("Postnatal discharges delayed for the newborn check", "Discharges delayed by the newborn check ÷ postnatal discharges.", 300, 0.15, 0.35),
            ]),
        ["recruitment"] = new("Recruitment: vacancy to start",
            "From a post becoming vacant to the new member of staff starting work.",
            "Director of Workforce", "Head of Recruitment",
            [
                T("Vacancy approval", "Post becomes vacant", "Advert published",
                    "A vacancy needs five signatures before it can be advertised."),
                T("Shortlisting to interview", "Advert closes", "Interview held",
                    "Shortlisting waits for managers to find time, and good candidates accept jobs elsewhere."),
                T("Pre-employment checks", "Conditional offer made", "All checks cleared",
                    "References and checks are chased one at a time by email."),
                T("The first day", "Start date agreed", "New starter working on the ward",
                    "New starters arrive without a badge, a computer login or a rota."),
            ],
            [
                Time("Vacancy approved to advert published", "Calendar days from a vacancy being approved to the advert being published.", TimeUnit.Days, 6, 14),
                Time("Conditional offer to checks cleared", "Calendar days from the conditional offer to all pre-employment checks cleared.", TimeUnit.Days, 10, 21),
                Count("Offers delayed by missing documents", "Offers held up because a document was missing.", 28, 8, 25),
                Rate("Adverts returned for correction", "Adverts sent back to the manager for correction ÷ adverts submitted.", 120, 0.15, 0.35),
                Rate("New starters without IT access on day one", "New starters without a working login on their first day ÷ new starters.", 80, 0.30, 0.60),
            ]),
        ["hipfracture"] = new("Fractured neck of femur",
            "From a patient with a hip fracture arriving to their operation within 36 hours and getting up the day after.",
            "Medical Director", "Orthogeriatric Consultant",
            [
                T("Pain relief in the emergency department", "Hip fracture suspected", "Nerve block given",
                    "Patients with a broken hip wait hours in pain for a nerve block."),
                T("Hip fracture to theatre within 36 hours", "Patient arrives", "Operation starts",
                    "Hip fractures are bumped from the trauma list by other cases, and a third miss 36 hours."),
                T("Orthogeriatric review", "Patient admitted", "Orthogeriatrician review done",
                    "Orthogeriatric reviews happen only on the days the consultant is on the ward."),
                T("Getting up the day after surgery", "Patient returns from theatre", "Patient out of bed",
                    "Patients stay in bed the day after surgery because physiotherapy is stretched."),
            ],
            [
                Time("Arrival to surgery", "Hours from arrival to the start of surgery.", TimeUnit.Hours, 30, 50),
                Time("Arrival to nerve block", "Minutes from arrival to the nerve block for pain relief.", TimeUnit.Minutes, 90, 200),
                Count("Patients not mobilised the day after surgery", "Patients not out of bed on the day after surgery.", 28, 6, 18),
                Rate("Patients not operated on within 36 hours", "Hip fracture patients operated on after 36 hours ÷ hip fracture patients.", 60, 0.30, 0.55),
                Rate("Patients without orthogeriatric review within 72 hours", "Patients not reviewed by an orthogeriatrician within 72 hours ÷ admissions.", 60, 0.20, 0.40),
            ]),
        ["endoscopy"] = new("Endoscopy booking",
            "From an endoscopy request to the procedure and its report.",
            "Chief Operating Officer", "Endoscopy Unit Manager",
            [
                T("Vetting and booking requests", "Request received", "Procedure booked",
                    "Requests are vetted on paper and booked days later."),
                T("Bowel preparation", "Procedure booked", "Patient arrives prepared",
                    "Patients arrive with poor bowel preparation and the procedure has to be repeated."),
                T("Flow on the day of the procedure", "Patient arrives", "Procedure starts",
                    "Patients all arrive at 8am and wait most of the morning."),
                T("Reporting and results", "Procedure ends", "Report sent to the GP",
                    "Reports are dictated at the end of the list and reach the GP a week later."),
            ],
            [
                Time("Request received to procedure booked", "Calendar days from the request arriving to the procedure being booked.", TimeUnit.Days, 3, 8),
                Time("Arrival to procedure", "Minutes from arrival in the unit to the start of the procedure.", TimeUnit.Minutes, 60, 150),
                Count("Procedures cancelled for poor bowel preparation", "Procedures abandoned or repeated because of poor bowel preparation.", 28, 10, 30),
                Rate("Lists with unused slots", "Lists with at least one unused slot ÷ lists run.", 100, 0.20, 0.45),
                Rate("Patients not sent preparation instructions in time", "Patients sent instructions less than 7 days before ÷ patients booked.", 400, 0.08, 0.20),
            ]),
        ["handover"] = new("Nursing handover",
            "From the end of one nursing shift to the next shift taking over care, with nothing lost in between.",
            "Chief Nurse", "Matron for Surgery",
            [
                T("Bedside handover", "Shift change", "Every patient handed over at the bedside",
                    "Handover takes place in the office, away from patients, and runs on past the end of the shift."),
                T("The safety huddle", "Start of shift", "Risks agreed for the shift",
                    "Risks are discussed patient by patient with no shared view of the ward."),
                T("Handover documentation", "Handover sheet printed", "Handover sheet up to date",
                    "Handover sheets are out of date before they are printed."),
                T("Night-to-day handover", "Night shift ends", "Day shift takes over",
                    "The morning handover overlaps with the drug round and the consultant's ward round."),
            ],
            [
                Time("Shift handover duration", "Minutes from the start to the end of the nursing handover.", TimeUnit.Minutes, 45, 90),
                Time("Start of shift to first observations", "Minutes from the start of the shift to the first set of patient observations.", TimeUnit.Minutes, 60, 120),
                Count("Incidents with missing handover information", "Incidents reported where information was lost at handover.", 28, 6, 20),
                Rate("Handovers missing an agreed item", "Patient handovers missing an item of the agreed set ÷ handovers observed.", 200, 0.20, 0.45),
                Rate("Observations late after handover", "Observations done late in the first two hours of the shift ÷ observations due.", 500, 0.10, 0.25),
            ]),
        ["transport"] = new("Patient transport",
            "From booking transport for a patient going home or to clinic to the patient arriving.",
            "Chief Operating Officer", "Patient Flow Manager",
            [
                T("Booking transport on the day of discharge", "Transport requested", "Transport booked",
                    "Transport is booked only once the patient is ready, so patients wait hours to leave."),
                T("Outpatient transport pick-ups", "Pick-up booked", "Patient arrives at clinic",
                    "Patients arrive late for clinic or miss it because pick-ups are not planned around appointments."),
                T("The transport lounge", "Patient arrives in the lounge", "Patient collected",
                    "Patients wait in the lounge without knowing when their transport will come."),
                T("Transfers between hospitals", "Transfer agreed", "Patient arrives at the other hospital",
                    "Transfers between the two sites wait for an ambulance that is always on another job."),
            ],
            [
                Time("Transport booked to patient collected", "Hours from transport being booked to the patient being collected.", TimeUnit.Hours, 3, 8),
                Time("Wait in the discharge lounge", "Minutes from arrival in the discharge lounge to leaving it.", TimeUnit.Minutes, 90, 240),
                Count("Aborted transport journeys", "Journeys aborted because the patient was not ready or not there.", 28, 15, 45),
                Rate("Clinic appointments missed because of transport", "Appointments missed because transport was late ÷ transport bookings to clinic.", 500, 0.04, 0.10),
                Rate("Bookings with incorrect mobility information", "Bookings with wrong mobility information ÷ bookings.", 400, 0.10, 0.25),
            ]),
    };

    public static readonly string[] ExecutiveRoles =
        ["Chief Executive", "Medical Director", "Chief Nurse", "Chief Operating Officer", "Director of Workforce", "Director of Finance"];

    public static readonly string[] FirstNames =
    [
        "Aisha", "Alan", "Amir", "Anna", "Ben", "Bethan", "Callum", "Carys", "Chloe", "Daniel", "Deborah", "Eleanor", "Emeka",
        "Fatima", "Fiona", "George", "Grace", "Hamza", "Hannah", "Harpreet", "Ian", "Imogen", "James", "Jasmine", "Joanne",
        "Kamal", "Karen", "Kwame", "Laura", "Liam", "Lucy", "Mandeep", "Mark", "Megan", "Mohammed", "Naomi", "Neil", "Olivia",
        "Paul", "Rachel", "Rhys", "Ruth", "Sam", "Sana", "Simon", "Sophie", "Tariq", "Tom", "Vikram", "Wendy", "Yusuf", "Zara",
    ];

    public static readonly string[] Surnames =
    [
        "Adams", "Ahmed", "Atkinson", "Baines", "Bennett", "Bhatt", "Brennan", "Carter", "Chowdhury", "Clarke", "Collins",
        "Davies", "Dixon", "Edwards", "Evans", "Fletcher", "Foster", "Gill", "Green", "Hall", "Harris", "Hughes", "Iqbal",
        "Jackson", "Jones", "Kaur", "Kelly", "Khan", "Lawson", "Lloyd", "Morgan", "Murphy", "Nolan", "Okafor", "Osei",
        "Parker", "Patel", "Price", "Quinn", "Reid", "Roberts", "Shah", "Sharma", "Taylor", "Thomas", "Turner", "Walsh",
        "Ward", "Whitfield", "Williams", "Wright", "Young",
    ];

    public static readonly string[] Lessons =
    [
        "Walking the process with a patient in the team showed waits that nobody inside the process had counted.",
        "Standard work only sticks when the people doing the work wrote it.",
        "Testing the change on one ward first gave us data that the sceptics trusted.",
        "The leaders' job was to remove barriers, not to design the answer.",
        "A visual board in the department kept the new process in sight after the week ended.",
        "Some of the delay sat outside our scope; it has been handed to the next workshop on the value stream.",
        "Measure before changing anything: our baseline was worse than we thought.",
        "Fresh eyes from another department asked the questions we had stopped asking.",
        "Moving the work to where the patient is removed most of the walking.",
        "The daily huddle is what holds the gain; when it lapsed, the old way came back.",
        "Small tests of change every day beat one big redesign.",
        "Involving IT from the first day saved weeks.",
        "Releasing front-line staff for the whole week was hard, and it was the reason the changes worked.",
        "The process owner has to own the follow-ups, or they do not happen.",
    ];

    public const string WorseExplanation =
        " The new process was slower and less reliable in its first week while staff learned it; the team agreed to keep testing and to re-measure at 30 days rather than go back.";

    public const string NotSustainedExplanation =
        " The team warned that the gains depend on a daily huddle and a checklist, which the process owner committed to keep going.";

    public const string MissingResultExplanation = " The result for {0} was not ready at the report-out: the data was still being collected.";
}
