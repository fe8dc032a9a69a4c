"""The web pages' journeys in a real browser: Debian's chromium, headless, driven by Selenium
against a live `zzk serve` on a demo vault. Every page a journey visits is checked with axe-core
(no violation of impact serious or critical) and saved as a screenshot.

Usage: journeys.py BASE_URL DEMO_JSON ARTIFACTS_DIR
"""
import json
import os
import sys
import urllib.error
import urllib.request

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

base, demo_path, artifacts = sys.argv[1], sys.argv[2], sys.argv[3]
demo = json.load(open(demo_path))
passphrase = {u["login"]: u["passphrase"] for u in demo["users"]}
os.makedirs(artifacts, exist_ok=True)
failures = []
step_number = 0


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=pl"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def visited(driver, name):
    """Screenshot and accessibility check of the page the driver shows."""
    global step_number
    step_number += 1
    driver.save_screenshot(os.path.join(artifacts, f"{step_number:02d}-{name}.png"))
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    for v in serious:
        print(f"axe {name}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}", file=sys.stderr)
    check(not serious, f"{name}: {len(serious)} serious or critical accessibility violations")
    check("<script" not in driver.page_source.lower(), f"{name}: the page carries a script")


def wait_element(driver, by, value):
    """Waits (up to 10 s) for an element of the page a form post answers with."""
    try:
        return WebDriverWait(driver, 10).until(EC.presence_of_element_located((by, value)))
    except TimeoutException:
        return None


def wait_for(driver, path):
    """Waits (up to 10 s) until the browser shows `path`; false when it does not."""
    try:
        WebDriverWait(driver, 10).until(EC.url_contains(path))
        return True
    except TimeoutException:
        return False


def log_in(driver, login):
    driver.get(base + "/login")
    visited(driver, f"login-{login}")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "passphrase").send_keys(passphrase[login])
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    check(wait_for(driver, "/home"), f"{login} lands on the home page after login ({driver.current_url})")


def log_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
    check(wait_for(driver, "/login"), "logout returns to the login page")


def cookie_header(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def raw(method, path, driver, data=None):
    """A request outside the browser with the browser's cookie (what a forged form would carry)."""
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Cookie": cookie_header(driver)})
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


child, mother = demo["persons"][2], demo["persons"][1]


def pesel(birth="150312", serial="042"):
    """A valid PESEL for a girl born on 2015-03-12 (month + 20 for the 2000s): checksum per the statute."""
    digits = birth[:2] + f"{int(birth[2:4]) + 20:02d}" + birth[4:] + serial + "2"
    weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return digits + str((10 - sum(int(d) * w for d, w in zip(digits, weights)) % 10) % 10)


# 1. The social worker records a family member, records her consent for the school, opens a
#    ZZK and adds the pedagogue.
driver = browser()
try:
    log_in(driver, "akowalczyk")
    visited(driver, "worker-home")
    driver.find_element(By.LINK_TEXT, "Osoby").click()
    visited(driver, "worker-persons")
    driver.find_element(By.ID, "value").send_keys("zolkiewska")
    driver.find_element(By.CSS_SELECTOR, "form[action='/persons/search'] button[type=submit]").click()
    visited(driver, "worker-search")
    found = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "a.person-link")]
    check(mother in found and child in found, f"'zolkiewska' without Polish letters finds Żółkiewska ({found})")
    check("zolkiewska" not in driver.current_url, "the search value is not in the URL")
    driver.find_element(By.ID, "add-person").click()
    visited(driver, "worker-new-person")
    for field, value in [("identity.first_name", "Łucja"), ("identity.last_name", "Źdźbło-Wąsowska"), ("identity.pesel", pesel()),
                         ("education.school", "Szkoła Podstawowa nr 2"), ("education.class", "4a")]:
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#person-form button[type=submit]").click()
    check(wait_for(driver, "done=person"), f"the new person's page opens ({driver.current_url})")
    new_person = driver.find_element(By.ID, "person-id").text
    check(new_person.startswith("P-"), f"the new person's id is shown ({new_person})")
    visited(driver, "worker-person-saved")
    driver.find_element(By.ID, "record-consent").click()
    visited(driver, "worker-consent-form")
    for box in ["c-OPS-ZIELONA-LAKA", "c-SP2-ZIELONA-LAKA", "k-identity", "k-education", "k-team_notes", "explicit", "p-zzk_coordination", "by-rep",
                "notices_delivered"]:
        driver.find_element(By.ID, box).click()
    driver.find_element(By.ID, "representative").send_keys("Anna Źdźbło-Wąsowska (matka)")
    driver.find_element(By.ID, "child_view").send_keys("Łucja chce, żeby pani pedagog wiedziała.")
    driver.find_element(By.ID, "text").send_keys("Wyrażam zgodę na przekazanie danych członkom ZZK.")
    driver.find_element(By.CSS_SELECTOR, "#consent-form button[type=submit]").click()
    check(wait_for(driver, "done=consent"), f"the consent is recorded ({driver.current_url})")
    visited(driver, "worker-consent-saved")
    prints = driver.find_elements(By.CSS_SELECTOR, "a.consent-print")
    check(prints, "each consent links its printable form")
    if prints:
        prints[-1].click()
        visited(driver, "worker-consent-print")
        check("podpis przedstawiciela ustawowego" in driver.page_source, "the consent form has the representative's signature line")
        driver.back()
    Select(driver.find_element(By.ID, "team-purpose")).select_by_value("zzk_coordination")
    driver.find_element(By.CSS_SELECTOR, "#open-team button[type=submit]").click()
    check(wait_for(driver, "done=team"), f"the team opens ({driver.current_url})")
    new_team = driver.find_element(By.ID, "team-id").text
    visited(driver, "worker-team")
    Select(driver.find_element(By.ID, "note-person")).select_by_value(new_person)
    driver.find_element(By.ID, "note-text").send_keys("Pierwsze spotkanie: Łucja potrzebuje wsparcia w nauce.")
    driver.find_element(By.CSS_SELECTOR, "#note-form button[type=submit]").click()
    check(wait_for(driver, "done=note"), f"the social worker's first note is saved ({driver.current_url})")
    driver.find_element(By.XPATH, f"//a[@class='notes-link'][contains(., '{new_person}')]").click()
    visited(driver, "worker-team-notes")
    check("Pierwsze spotkanie: Łucja potrzebuje wsparcia w nauce." in driver.page_source, "the note shows on the team page")
    driver.find_element(By.ID, "login").send_keys("pedagog")
    driver.find_element(By.CSS_SELECTOR, "#member-form button[type=submit]").click()
    check(wait_for(driver, "done=member"), f"the pedagogue is added ({driver.current_url})")
    visited(driver, "worker-team-member")
    rows = {tr.find_elements(By.TAG_NAME, "td")[0].text: tr.find_elements(By.TAG_NAME, "td")[3].text
            for tr in driver.find_elements(By.CSS_SELECTOR, "#members tbody tr")}
    check("pedagog" in rows, f"the pedagogue is a member ({rows})")
    sees = rows.get("pedagog", "")
    check("Dane identyfikacyjne" in sees and "Wykształcenie" in sees and "Zdrowie" not in sees,
          f"the pedagogue sees identity and education, by their labels ({sees!r})")
    driver.find_element(By.ID, "suggest-link").click()
    visited(driver, "worker-suggestions")
    check(driver.find_element(By.TAG_NAME, "h1").text == "Propozycje członków według potrzeb", "the suggestions page opens")

    # The record changed on its form (only the changed value is written), and a household.
    driver.get(base + f"/persons/{new_person}/edit")
    visited(driver, "worker-edit-person")
    klass = driver.find_element(By.ID, "education.class")
    check(klass.get_attribute("value") == "4a", "the form shows the stored value")
    klass.clear()
    klass.send_keys("4b")
    driver.find_element(By.CSS_SELECTOR, "#edit-form button[type=submit]").click()
    check(wait_for(driver, "done=updated"), f"the change is saved ({driver.current_url})")
    Select(driver.find_element(By.ID, "relation")).select_by_value("child")
    driver.find_element(By.CSS_SELECTOR, "#household-form button[type=submit]").click()
    check(wait_for(driver, "done=household"), f"the person joins a new household ({driver.current_url})")
    visited(driver, "worker-household")
    check("dziecko" in driver.find_element(By.ID, "household-members").text, "the relation shows by its Polish label")

    # The desk: notices owed, printable by the library's own renderer, and marked delivered.
    driver.find_element(By.LINK_TEXT, "Obowiązki informacyjne i wnioski").click()
    visited(driver, "worker-desk")
    owed = driver.find_elements(By.CSS_SELECTOR, "#notice-table tbody tr")
    check(owed, "the desk lists notices to hand over")
    if owed:
        notice_id = owed[0].find_element(By.TAG_NAME, "td").text
        owed[0].find_element(By.LINK_TEXT, "Drukuj").click()
        visited(driver, "worker-notice-print")
        check(notice_id in driver.page_source or "RODO" in driver.page_source, "the printable notice opens")
        driver.back()
        driver.find_element(By.XPATH, f"//tr[td[1][normalize-space()='{notice_id}']]//form//button").click()
        check(wait_for(driver, "done=delivered"), f"the notice is marked delivered ({driver.current_url})")
        remaining = [tr.find_element(By.TAG_NAME, "td").text for tr in driver.find_elements(By.CSS_SELECTOR, "#notice-table tbody tr")]
        check(notice_id not in remaining, "a delivered notice leaves the list")

    # The art. 15 answer to the demo's access request, printable from the desk.
    driver.get(base + "/desk")
    answers = driver.find_elements(By.PARTIAL_LINK_TEXT, "odpowiedź (art. 15)")
    check(answers, "the desk links the art. 15 answer of an access request")
    if answers:
        answers[0].click()
        visited(driver, "worker-access-answer")
        check("15" in driver.page_source, "the art. 15 answer opens")

    # Markup in a value renders as text on every page that shows it, and never runs.
    hostile = {"identity.first_name": '"><img src=x onerror=alert(1)>', "identity.last_name": "<script>alert(1)</script>"}
    driver.get(base + "/persons/new")
    for field, value in hostile.items():
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#person-form button[type=submit]").click()
    check(wait_for(driver, "done=person"), "a person with markup in the name is saved")
    Select(driver.find_element(By.NAME, "purpose")).select_by_value("case_assessment")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/read'] button[type=submit]").click()
    visited(driver, "worker-hostile-name")
    shown = {e.get_attribute("data-field"): e.text for e in driver.find_elements(By.CSS_SELECTOR, "dd[data-field]")}
    check(shown.get("identity.last_name") == hostile["identity.last_name"], f"the script tag is shown as text ({shown})")
    check(shown.get("identity.first_name") == hostile["identity.first_name"], "the img markup is shown as text")
    check(not driver.find_elements(By.CSS_SELECTOR, "main img"), "no img element was created")
    try:
        alert = driver.switch_to.alert
        check(False, f"an alert ran: {alert.text}")
    except NoAlertPresentException:
        pass
    log_out(driver)
finally:
    driver.quit()

# 2. The pedagogue: my teams, the child's record for the team's purpose (exactly the granted
#    fields), and a field outside the grant refused in plain words.
driver = browser()
try:
    log_in(driver, "pedagog")
    visited(driver, "pedagog-home")
    driver.find_element(By.LINK_TEXT, "Moje zespoły").click()
    visited(driver, "pedagog-teams")
    persons = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "a.person-link")]
    check(child in persons, f"the child {child} is listed in the pedagogue's team ({persons})")
    check(new_person in persons, f"the person the social worker just shared is listed too ({persons})")
    driver.find_element(By.XPATH, f"//a[@class='person-link'][normalize-space()='{child}']").click()
    visited(driver, "pedagog-person")
    options = [o.text for o in Select(driver.find_element(By.NAME, "purpose")).options]
    check(options == ["Współpraca w Zadaniowym Zespole Kooperacyjnym"], f"purposes offered are the team's, by label ({options})")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/read'] button[type=submit]").click()
    visited(driver, "pedagog-record")
    shown = {e.get_attribute("data-field"): e.text for e in driver.find_elements(By.CSS_SELECTOR, "dd[data-field]")}
    # The relation in the household is the child's household.role, a field of the granted household category.
    expected = {"identity.first_name", "identity.last_name", "identity.pesel", "education.school", "education.class", "household.role"}
    check(set(shown) == expected, f"the record shows exactly the granted fields ({sorted(shown)})")
    check(shown.get("identity.last_name") == "Żółkiewska", "Polish letters round-trip to the page")
    check("health.disability_level" not in shown, "the child's disability level is not shown")
    Select(driver.find_element(By.NAME, "field")).select_by_value("health.disability_level")
    driver.find_element(By.CSS_SELECTOR, "#ask-field button[type=submit]").click()
    visited(driver, "pedagog-refused")
    refusal = driver.find_element(By.CSS_SELECTOR, "section.refusal").text
    check("health" in refusal or "zdrow" in refusal.lower(), f"the refusal says what is missing ({refusal!r})")
    check(not driver.find_elements(By.CSS_SELECTOR, "dd[data-field='health.disability_level']"), "the refused field is not shown")
    driver.find_element(By.ID, "request-reason").send_keys("Potrzebuję informacji o orzeczeniu, by dostosować zajęcia.")
    driver.find_element(By.CSS_SELECTOR, "#request-form button[type=submit]").click()
    check(wait_for(driver, "done=requested"), f"the pedagogue asks the social worker for the field ({driver.current_url})")

    # Safety: pages with personal data are no-store with a strict CSP; a form without its token is refused.
    status, headers, _ = raw("GET", f"/persons/{child}", driver)
    check(status == 200 and headers.get("Cache-Control") == "no-store", f"person page is no-store ({headers.get('Cache-Control')})")
    csp = headers.get("Content-Security-Policy", "")
    check("default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp, f"CSP forbids script ({csp})")
    status, _, _ = raw("POST", "/logout", driver, data=b"")
    check(status == 403, f"logout without the CSRF token is refused ({status})")
    status, _, _ = raw("GET", "/teams", driver)
    check(status == 200, f"the session survived the forged logout ({status})")
    log_out(driver)
    status, headers, _ = raw("GET", "/teams", driver)
finally:
    driver.quit()

# 3. The IOD: the log verifies green, and the pedagogue's read is in the audit log.
driver = browser()
try:
    log_in(driver, "iod")
    driver.find_element(By.LINK_TEXT, "Dziennik audytu").click()
    visited(driver, "iod-audit")
    check("good" in driver.find_element(By.CSS_SELECTOR, "section.verify").get_attribute("class"), "the log verifies")
    driver.find_element(By.NAME, "actor").send_keys("pedagog")
    Select(driver.find_element(By.NAME, "decision")).select_by_value("allowed")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    visited(driver, "iod-audit-filtered")
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in driver.find_elements(By.CSS_SELECTOR, "#entries tbody tr")]
    reads = [r for r in rows if r[3] == "person.read" and r[4] == child]
    check(reads, f"the pedagogue's read of {child} is in the log ({rows[:3]})")
    check(all(r[2] == "pedagog" for r in rows), "the filter shows only the pedagogue's entries")
    driver.find_element(By.LINK_TEXT, "Obowiązki informacyjne i wnioski").click()
    visited(driver, "iod-desk")
    check(driver.find_elements(By.CSS_SELECTOR, "#request-table tbody tr"), "the IOD sees the data-subject requests with their deadlines")
    for link, name in [("Rejestr czynności przetwarzania", "iod-ropa"), ("Miesięczny raport dostępu", "iod-report"),
                       ("Ocena skutków dla ochrony danych (projekt)", "iod-dpia")]:
        driver.find_element(By.LINK_TEXT, link).click()
        visited(driver, name)
        if name == "iod-dpia":
            check("Uprzednie konsultacje (art. 36)" in driver.page_source and "zzk_coordination" not in driver.page_source,
                  "the DPIA draft has every section, with labels rather than codes")
        driver.back()
    driver.find_element(By.LINK_TEXT, "Rejestry").click()
    visited(driver, "iod-registers")
    agreements = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#agreements tbody tr")]
    check(any("uzgodnienia współadministratorów" in r and "w mocy" in r for r in agreements),
          f"the IOD sees the joint-controller arrangement in force, by its label ({agreements})")
    check(driver.find_elements(By.CSS_SELECTOR, "#pzk-records tbody tr"), "the PZK's records are listed")
    check(driver.find_elements(By.ID, "retention-heading") and "case_file" not in driver.page_source,
          "the retention review is shown by labels")
    driver.find_element(By.LINK_TEXT, "Polityka dostępu").click()
    visited(driver, "iod-policy")
    proposals = driver.find_elements(By.CSS_SELECTOR, "section.proposal")
    check(len(proposals) == 1 and "forbid-worker-pesel-assessment" in proposals[0].text,
          "the IOD sees the administrator's proposal with the rule it adds")
    if proposals:
        proposals[0].find_element(By.CSS_SELECTOR, "form[action$='/approve'] button").click()
        check(wait_for(driver, "done=policyApproved"), f"the IOD approves the proposal ({driver.current_url})")
        visited(driver, "iod-policy-approved")
        check(driver.find_elements(By.ID, "restart-needed"), "the page says the new version starts with the service")
    driver.find_element(By.LINK_TEXT, "Rejestr naruszeń ochrony danych").click()
    visited(driver, "iod-breaches")
    breach_rows = driver.find_elements(By.CSS_SELECTOR, "#breach-table tbody tr")
    check(len(breach_rows) == 1 and "mało prawdopodobne" in breach_rows[0].text and "zamknięte" in breach_rows[0].text,
          "the IOD sees the demo's near miss in the register, its risk and state in Polish")
    if breach_rows:
        breach_rows[0].find_element(By.LINK_TEXT, "Treść zgłoszenia (art. 33 ust. 3)").click()
        visited(driver, "iod-breach-notification")
        check("Zgłoszenie naruszenia ochrony danych osobowych Prezesowi UODO" in driver.page_source
              and "Pismo do rodziny zaadresowane omyłkowo" in driver.page_source,
              "the notification's content names the breach, its description opened for the IOD")
        driver.back()
    driver.find_element(By.LINK_TEXT, "Statystyki dla zespołu regionalnego").click()
    visited(driver, "iod-statistics")
    check("Otwarte zespoły zadaniowe" in driver.page_source, "the statistics name their measures in Polish")
    driver.get(base + "/audit?lang=en")
    visited(driver, "iod-audit-english")
    check(driver.find_element(By.TAG_NAME, "h1").text == "Audit log", "the English switch works")
    log_out(driver)
finally:
    driver.quit()

# The social worker decides the pedagogue's request.
driver = browser()
try:
    log_in(driver, "akowalczyk")
    driver.find_element(By.LINK_TEXT, "Obowiązki informacyjne i wnioski").click()
    visited(driver, "worker-access-requests")
    pending = driver.find_elements(By.CSS_SELECTOR, "div.access-request")
    check(len(pending) == 1 and "pedagog" in pending[0].text and "Stopień niepełnosprawności" in pending[0].text,
          f"the request is on the desk, the field by its label ({[p.text for p in pending]})")
    if pending:
        Select(pending[0].find_element(By.NAME, "ground")).select_by_value("no_consent")
        pending[0].find_element(By.CSS_SELECTOR, "form[action$='/deny'] button").click()
        check(wait_for(driver, "done=denied"), f"the denial is recorded ({driver.current_url})")
    log_out(driver)
finally:
    driver.quit()

# The network worker: the PZK registry and the service basket, the desk with team requests.
driver = browser()
try:
    log_in(driver, "tsieciowy")
    driver.find_element(By.LINK_TEXT, "Członkowie PZK i koszyk usług").click()
    visited(driver, "network-registry")
    check(driver.find_elements(By.CSS_SELECTOR, "#cooperants tbody tr"), "the registry lists the PZK members")
    check("Policja" in driver.page_source, "sectors show by their labels")
    driver.find_element(By.LINK_TEXT, "Obowiązki informacyjne i wnioski").click()
    visited(driver, "network-desk")
    log_out(driver)
finally:
    driver.quit()

# The administrator: users, a first-login code for a new specialist, an authorisation.
driver = browser()
try:
    log_in(driver, "admin")
    driver.find_element(By.LINK_TEXT, "Użytkownicy").click()
    visited(driver, "admin-users")
    driver.find_element(By.ID, "new-login").send_keys("kuratorka")
    driver.find_element(By.ID, "new-name").send_keys("Żaneta Ćwik")
    Select(driver.find_element(By.ID, "new-role")).select_by_value("specialist")
    Select(driver.find_element(By.ID, "new-cooperant")).select_by_index(1)
    driver.find_element(By.CSS_SELECTOR, "#user-form button[type=submit]").click()
    wait_element(driver, By.ID, "enrolment-code")
    visited(driver, "admin-code")
    code = driver.find_element(By.ID, "enrolment-code").text
    check(len(code) >= 8, "a one-time code is shown once")
    check(code not in driver.current_url, "the code is not in the URL")
    log_out(driver)
    driver.get(base + "/enrol")
    visited(driver, "enrol")
    driver.find_element(By.ID, "login").send_keys("kuratorka")
    driver.find_element(By.ID, "code").send_keys(code)
    driver.find_element(By.ID, "passphrase").send_keys("kuratorka hasło źdźbło")
    driver.find_element(By.ID, "repeat").send_keys("kuratorka hasło źdźbło")
    driver.find_element(By.CSS_SELECTOR, "#enrol-form button[type=submit]").click()
    check(wait_for(driver, "done=enrolled"), f"the new specialist enrols ({driver.current_url})")
    # The head of her institution signed her authorisation: the administrator records it with the declaration.
    log_in(driver, "admin")
    driver.find_element(By.LINK_TEXT, "Użytkownicy").click()
    Select(driver.find_element(By.ID, "auth-login")).select_by_value("kuratorka")
    for box in ["a-identity", "a-work", "ap-zzk_coordination", "ad-rodo_art32"]:
        driver.find_element(By.ID, box).click()
    driver.find_element(By.ID, "auth-number").send_keys("UP/7/2026")
    driver.find_element(By.ID, "auth-signed-by").send_keys("Żaneta Łaska, dyrektor PUP")
    driver.find_element(By.CSS_SELECTOR, "#authorisation-form button[type=submit]").click()
    check(wait_for(driver, "done=authorised"), f"the authorisation is recorded ({driver.current_url})")
    visited(driver, "admin-authorised")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#authorisations tbody tr")]
    check(any("kuratorka" in r and "w mocy" in r and "Żaneta Łaska" in r for r in rows),
          f"the register shows her authorisation in force, signed by the head, with Polish letters ({rows})")
    log_out(driver)
finally:
    driver.quit()

# Four eyes: a new social worker the administrator adds works only once the IOD approves the account.
driver = browser()
try:
    log_in(driver, "admin")
    driver.find_element(By.LINK_TEXT, "Użytkownicy").click()
    driver.find_element(By.ID, "new-login").send_keys("pracownica")
    driver.find_element(By.ID, "new-name").send_keys("Łucja Źrebięcka")
    Select(driver.find_element(By.ID, "new-role")).select_by_value("social-worker")
    driver.find_element(By.CSS_SELECTOR, "#user-form button[type=submit]").click()
    code = wait_element(driver, By.ID, "enrolment-code").text
    driver.get(base + "/users")
    check("czeka na zatwierdzenie" in driver.page_source, "the administrator sees the account waiting")
    log_out(driver)
    driver.get(base + "/enrol")
    driver.find_element(By.ID, "login").send_keys("pracownica")
    driver.find_element(By.ID, "code").send_keys(code)
    driver.find_element(By.ID, "passphrase").send_keys("pracownica hasło źdźbło")
    driver.find_element(By.ID, "repeat").send_keys("pracownica hasło źdźbło")
    driver.find_element(By.CSS_SELECTOR, "#enrol-form button[type=submit]").click()
    check(wait_for(driver, "done=enrolled"), f"the new social worker enrols ({driver.current_url})")
    passphrase["pracownica"] = "pracownica hasło źdźbło"
    driver.find_element(By.NAME, "login").send_keys("pracownica")
    driver.find_element(By.NAME, "passphrase").send_keys(passphrase["pracownica"])
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait_element(driver, By.CSS_SELECTOR, "[role=alert]")
    check("/home" not in driver.current_url and "czeka na zatwierdzenie przez drugą osobę" in driver.page_source,
          f"before approval the login is refused, saying why ({driver.current_url})")
    log_in(driver, "iod")
    driver.find_element(By.LINK_TEXT, "Użytkownicy").click()
    visited(driver, "iod-users-pending")
    check("czeka na zatwierdzenie" in driver.page_source, "the IOD sees the account waiting")
    check(not driver.find_elements(By.ID, "user-form"), "the IOD gets no form to add users")
    driver.find_element(By.ID, "approve-pracownica").click()
    check(wait_for(driver, "done=accountApproved"), f"the IOD approves the account ({driver.current_url})")
    log_out(driver)
    log_in(driver, "pracownica")
finally:
    driver.quit()

if failures:
    print(f"{len(failures)} page checks failed", file=sys.stderr)
    sys.exit(1)
print(f"page journeys passed; {step_number} pages checked with axe-core, screenshots in {artifacts}")
