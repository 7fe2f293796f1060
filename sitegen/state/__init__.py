"""What a build keeps for the next one: every file under the collection's state folder
(Config.state_path), and the live site's build stamp and spare folder.

paths.py names them all; the other modules here read and write them. The stages get this state as
plain data and give the new state back: none of them names a file of the state folder.
"""
