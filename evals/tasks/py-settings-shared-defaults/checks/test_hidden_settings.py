import copy
import unittest

from prefs.settings import DEFAULTS, settings_for

PRISTINE = copy.deepcopy(DEFAULTS)


class HiddenSettingsTest(unittest.TestCase):
    def tearDown(self):
        changed = DEFAULTS != PRISTINE
        DEFAULTS.clear()
        DEFAULTS.update(copy.deepcopy(PRISTINE))  # so that one test's leak does not fail the next
        self.assertFalse(changed, "DEFAULTS was modified")

    def test_plugins_do_not_leak_between_users(self):
        alice = settings_for({"plugins": ["beta-editor"]})
        bob = settings_for({})
        self.assertEqual(alice["plugins"], ["search", "beta-editor"])
        self.assertEqual(bob["plugins"], ["search"])

    def test_nested_notifications_do_not_leak(self):
        first = settings_for({"notifications": {"sms": True, "digest": {"enabled": True}}})
        self.assertTrue(first["notifications"]["sms"])
        self.assertEqual(first["notifications"]["digest"], {"enabled": True, "hour": 8})
        second = settings_for({})
        self.assertFalse(second["notifications"]["sms"])
        self.assertEqual(second["notifications"]["digest"], {"enabled": False, "hour": 8})

    def test_shared_team_prefs_are_not_modified(self):
        team = {"plugins": ["crm"], "integrations": {"slack": {"channel": "#ops"}}, "labels": ["red"]}
        snapshot = copy.deepcopy(team)
        carol = settings_for({"plugins": ["gantt"], "integrations": {"slack": {"mute": True}, "jira": {}}, "labels": ["blue"]}, team)
        self.assertEqual(carol["plugins"], ["search", "crm", "gantt"])
        self.assertEqual(carol["integrations"], {"slack": {"channel": "#ops", "mute": True}, "jira": {}})
        self.assertEqual(carol["labels"], ["red", "blue"])
        self.assertEqual(team, snapshot, "the shared team prefs were modified")
        dave = settings_for({}, team)
        self.assertEqual(dave["plugins"], ["search", "crm"])
        self.assertEqual(dave["integrations"], {"slack": {"channel": "#ops"}})
        self.assertEqual(dave["labels"], ["red"])

    def test_user_prefs_are_not_modified(self):
        user = {"notifications": {"digest": {"hour": 6}}, "plugins": ["x"], "saved": {"filters": ["open"]}}
        snapshot = copy.deepcopy(user)
        result = settings_for(user, {"saved": {"filters": ["mine"]}})
        self.assertEqual(result["saved"], {"filters": ["mine", "open"]})
        self.assertEqual(user, snapshot, "the user's prefs were modified")

    def test_changing_a_result_changes_nothing_else(self):
        team = {"favourites": ["home"]}
        user = {"bookmarks": {"docs": ["a"]}}
        result = settings_for(user, team)
        result["plugins"].append("hacked")
        result["notifications"]["digest"]["hour"] = 23
        result["favourites"].append("evil")
        result["bookmarks"]["docs"].append("b")
        self.assertEqual(team, {"favourites": ["home"]})
        self.assertEqual(user, {"bookmarks": {"docs": ["a"]}})
        self.assertEqual(settings_for({})["plugins"], ["search"])

    def test_ordinary_behaviour_is_kept(self):
        self.assertEqual(settings_for({"theme": "dark"})["theme"], "dark")
        self.assertEqual(settings_for({}, {"page_size": 50})["page_size"], 50)
        self.assertEqual(settings_for({"page_size": 10}, {"page_size": 50})["page_size"], 10)
        self.assertEqual(settings_for({"plugins": ["search"]})["plugins"], ["search"])
        self.assertEqual(settings_for({"theme": None})["theme"], None)


if __name__ == "__main__":
    unittest.main()
